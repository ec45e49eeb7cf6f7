/**
 * The demo history as table items, built with the same item builders the live writers use
 * (import, checkout, booking, ledger, rollups), so the demo reads exactly like recorded data.
 * Grouped per patient (a patient's partition together) so progress can be told in patients.
 */
import { ulid } from 'ulid';
import { slotMinutes, type Appointment } from '../../shared/schemas/appointment.js';
import { patientItem } from '../adapters/dynamo/import-patient-writer.js';
import { appointmentItem } from '../adapters/dynamo/appointment-repository.js';
import { rollupItem } from '../adapters/dynamo/kpi-repository.js';
import { countedInRollups } from '../../shared/domain/kpi/message-changes.js';
import { recallItem, summaryItem, taskItem, visitItem } from '../adapters/dynamo/visit-repository.js';
import type { DemoHistory, DemoMessage } from './demo-history.js';
import { familyEntity } from '../adapters/dynamo/entities/family.js';
import { recallEntity } from '../adapters/dynamo/entities/recall.js';
import { sendLedgerEntity } from '../adapters/dynamo/entities/send-ledger.js';
import { chairSlotEntity, dentistSlotEntity } from '../adapters/dynamo/entities/slot.js';
import { dayKeyOf } from '../../shared/domain/kpi/day-counters.js';
import { auditItem } from '../adapters/dynamo/audit-repository.js';
import { saleItems } from '../adapters/dynamo/membership-repository.js';
import { markedMembers, onCardPut } from '../adapters/dynamo/on-card-markers.js';
import { memberNumberItems } from '../adapters/dynamo/member-numbers-repository.js';
import { walletStateItems } from '../adapters/dynamo/wallet-repository.js';
import type { DemoMembers } from './demo-history-members.js';
import type { AuditEvent } from '../../shared/schemas/audit.js';

type Item = Record<string, unknown>;

/** Without the import marker patientItem adds: these patients were not imported from a file. */
const demoPatientItem = (tenantId: string, patient: DemoHistory['patients'][number]): Item => {
  const { importId: _importId, ...item } = patientItem(tenantId, patient, 'demo');
  return item;
};

/**
 * A decided ledger entry as claimSend + recordOutcome leave it (send-ledger-repository.ts). Its
 * counts are in the rollups the history writes beside it: the stream function must not add them again.
 */
export const ledgerItem = (tenantId: string, m: DemoMessage): Item => ({
  [countedInRollups]: true,
  ...sendLedgerEntity.key({ tenantId, patientId: m.patientId, purpose: m.purpose, occasion: m.occasion }),
  status: m.status,
  claimedAt: m.at,
  purpose: m.purpose,
  occasion: m.occasion,
  patientId: m.patientId,
  clinicId: m.clinicId,
  attempts: 1,
  decisions: [{ at: m.at, kind: m.status === 'sent' ? 'send' : 'skip', ...(m.reason ? { reason: m.reason } : {}) }],
  updatedAt: m.at,
  ...(m.status === 'sent' ? { sentAt: m.at, messageId: `demo-${m.patientId.slice(-10)}-${m.at.slice(0, 10)}` } : {}),
  ...sendLedgerEntity.indexes.byPurpose.keys({ tenantId, purpose: m.purpose, at: m.at, patientId: m.patientId, occasion: m.occasion }),
});

/**
 * The 15-minute slots a booking ahead holds for its dentist and chair, as bookAppointment claims
 * them (appointment-repository.ts keeps claimSlot private): a new booking then cannot overlap.
 */
export const slotItems = (tenantId: string, a: Appointment): Item[] => {
  const expiresAt = Math.floor(Date.parse(a.endAt) / 1000) + 30 * 24 * 3600;
  const out: Item[] = [];
  for (let t = Date.parse(a.startAt); t < Date.parse(a.endAt); t += slotMinutes * 60_000) {
    const slotStart = new Date(t).toISOString();
    const claim = { type: 'slot', appointmentId: a.appointmentId, patientId: a.patientId, expiresAt };
    out.push({ ...dentistSlotEntity.key({ tenantId, dentistId: a.dentistId, slotStart }), ...claim }, { ...chairSlotEntity.key({ tenantId, clinicId: a.clinicId, chair: a.chair, slotStart }), ...claim });
  }
  return out;
};

/** Items of each patient's partition, one list per patient, in the history's patient order. */
export const patientPartitions = (tenantId: string, h: DemoHistory): Item[][] => {
  const byPatient = new Map<string, Item[]>(h.patients.map((p) => [p.patientId, [demoPatientItem(tenantId, p)]]));
  const into = (patientId: string, ...items: Item[]) => byPatient.get(patientId)?.push(...items);
  for (const s of h.summaries) into(s.patientId, summaryItem(tenantId, s.patientId, s.summary));
  for (const v of h.visits) into(v.patientId, visitItem(tenantId, v));
  for (const r of h.recalls) {
    const item: Item = recallItem(tenantId, r.patientId, r.clinicId, r.recall, r.visitId);
    // The recall job takes a recall out of its queue once the due date has passed; so does the demo.
    if (r.recall.dueDate < h.today) {
      delete item[recallEntity.indexes.due.pkAttribute];
      delete item[recallEntity.indexes.due.skAttribute];
    }
    into(r.patientId, item);
  }
  for (const a of h.appointments) into(a.patientId, appointmentItem(tenantId, a), ...(a.status === 'booked' ? slotItems(tenantId, a) : []));
  for (const t of h.tasks) into(t.patientId, taskItem(tenantId, t));
  for (const m of h.messages) into(m.patientId, ledgerItem(tenantId, m));
  return [...byPatient.values()];
};

/** Chain-level items: family groups and the KPI rollups (merged with `existing` days first). */
export const chainItems = (tenantId: string, h: DemoHistory): Item[] => [
  ...h.families.map((f) => ({ ...familyEntity.key({ tenantId, familyId: f.familyId }), type: 'family', familyId: f.familyId, members: f.members })),
  ...h.rollups.map((day) => rollupItem(tenantId, day, h.visitors.get(dayKeyOf(day)) ?? [])),
];

/**
 * The cards (as the sale leaves them, in their latest state, with the audit entry of each sale
 * and renewal) and the wallets (account and ledger), one list per patient partition touched.
 */
export const memberPartitions = (tenantId: string, members: DemoMembers): Item[][] => {
  const byPatient = new Map<string, Item[]>();
  const into = (patientId: string, ...items: Item[]) => byPatient.set(patientId, [...(byPatient.get(patientId) ?? []), ...items]);
  for (const m of members.memberships) {
    const audits = m.periods.map((p, i): AuditEvent => ({
      auditId: ulid(Date.parse(p.soldAt)), patientId: m.holderPatientId, at: p.soldAt, actorId: p.soldBy, actorRole: 'frontdesk',
      action: i === 0 ? 'membership.sell' : 'membership.renew', refId: m.membershipId,
    }));
    into(m.holderPatientId, ...saleItems(tenantId, m), ...audits.map((a) => auditItem(tenantId, a)));
    // A live card's family members carry its "on card" marker, as a sale writes it.
    if (m.status !== 'cancelled') for (const id of markedMembers(m)) into(id, onCardPut(tenantId, m, id, m.anchorDate).Put?.Item ?? {});
  }
  for (const w of members.wallets) into(w.patientId, ...walletStateItems(tenantId, w.patientId, w.entries));
  return [...byPatient.values()];
};

/** The owner's member numbers: month counters and running balances per clinic (written with the rollups, last). */
export const memberChainItems = (tenantId: string, members: DemoMembers): Item[] => memberNumberItems(tenantId, members.months, members.balances);
