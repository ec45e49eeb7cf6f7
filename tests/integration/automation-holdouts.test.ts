/**
 * Holdouts on automations (issue 12, items 6–7) on DynamoDB Local: with the recall holdout on, a
 * held-out patient gets no message and is recorded exactly once per occasion under two
 * concurrent runs; the results attribute a held-out patient's visit to the holdout; the
 * patient's campaign section shows it, to marketing without any treatment word.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import type { OutboxMessage } from '../../shared/schemas/outbox.js';
import type { Patient } from '../../shared/schemas/patient.js';
import type { StoredAutomationSettings } from '../../shared/schemas/automations.js';
import type { AutomationResultsView, PatientCampaignEntry } from '../../shared/schemas/automation-holdouts.js';
import { automationArm, type HoldoutAutomation } from '../../shared/domain/campaigns/automation-holdout.js';
import { addDays, addMonths } from '../../shared/domain/time.js';
import { householdKeyOf } from '../../functions/services/segment-facts-of.js';
import { startTestTwin, type TestTwin } from '../support/test-twin.js';
import { treatmentLeak } from '../support/treatment-leak.js';

let twin: TestTwin;
let owner: string;
let marketing: string;
let n = 0;
type Problem = { error: { fields: { path: string; code: string }[] } };

beforeAll(async () => {
  twin = await startTestTwin();
  owner = await twin.tokenFor('owner');
  marketing = await twin.tokenFor('marketing');
}, 120_000);
afterAll(async () => twin?.stop());

const put = async (item: Record<string, unknown>) => {
  const { documentClient, tableName } = await import('../../functions/adapters/dynamo/client.js');
  await documentClient.send(new PutCommand({ TableName: tableName, Item: item }));
};

/** Phones whose households land in the arm wanted at this share (the arm is the hash's, not chosen). */
const phoneIn = (arm: 'holdout' | 'treated', holdoutPercent: number, automation: HoldoutAutomation = 'recall'): string => {
  for (;;) {
    const phone = `1361234${String(1000 + n++).padStart(4, '0')}`;
    if (automationArm({ automation, householdKey: householdKeyOf(twin.demo.tenantId, `+86${phone}`), holdoutPercent }) === arm) return phone;
  }
};

const patientWithRecall = async (phone: string, dueDate: string): Promise<Patient> => {
  const patient = (await twin.api<Patient>('POST', '/patients', { token: owner, body: { name: '复查患者', phone, clinicId: twin.demo.jinganId, consents: { care: { granted: true, source: 'paper-form' } } } })).body;
  const { recallItem } = await import('../../functions/adapters/dynamo/visit-repository.js');
  await put(recallItem(twin.demo.tenantId, patient.patientId, twin.demo.jinganId, { group: 'perio', dueDate, anchorDate: addDays(dueDate, -180), rule: { kind: 'interval', group: 'perio', months: 6 } }, 'VISIT0000000000000000000000'));
  return patient;
};

const setRecallHoldout = async (holdoutPercent: number) => {
  const current = (await twin.api<StoredAutomationSettings>('GET', '/automations', { token: owner })).body;
  return twin.api<StoredAutomationSettings & Problem>('PUT', '/automations', { token: owner, body: { version: current.version, settings: { ...current.settings, recall: { ...current.settings.recall, holdoutPercent } } } });
};

const smsTo = async (phone: string) => (await twin.api<{ items: OutboxMessage[] }>('GET', '/outbox?limit=100', { token: owner })).body.items.filter((m) => m.to === `+86${phone}`);
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());

describe('holdouts on automations', () => {
  it('refuses a holdout above 50% naming the field', async () => {
    const res = await setRecallHoldout(60);
    expect(res.status).toBe(400);
    expect(res.body.error.fields.map((f) => f.path)).toEqual(['settings.recall.holdoutPercent']);
  });

  it('a held-out patient gets nothing and is recorded once under two concurrent runs; results count their visit for the holdout', async () => {
    expect((await setRecallHoldout(50)).status).toBe(200);
    // Due 26 days ago: the 14-day step ran 40 days ago, so its 30-day window has closed.
    const due = addDays(today(), -26);
    const heldPhones = [phoneIn('holdout', 50), phoneIn('holdout', 50)];
    const treatedPhones = [phoneIn('treated', 50), phoneIn('treated', 50)];
    const held = await Promise.all(heldPhones.map((p) => patientWithRecall(p, due)));
    const treated = await Promise.all(treatedPhones.map((p) => patientWithRecall(p, due)));
    const { runRecall } = await import('../../functions/jobs/recall.js');
    const runAt = new Date(`${addDays(due, -14)}T10:00:00+08:00`);
    const tallies = await Promise.all([runRecall(twin.demo.tenantId, runAt), runRecall(twin.demo.tenantId, runAt)]);
    const total = (label: string) => tallies.reduce((s, t) => s + (t[label] ?? 0), 0);
    expect(total('heldOut')).toBe(2);
    expect(total('sent')).toBe(2);
    for (const phone of heldPhones) expect(await smsTo(phone)).toHaveLength(0);
    for (const phone of treatedPhones) expect(await smsTo(phone)).toHaveLength(1);

    const { listAssignments } = await import('../../functions/adapters/dynamo/automation-holdout-repository.js');
    const rows = await listAssignments(twin.demo.tenantId, 'recall');
    const heldIds = new Set(held.map((p) => p.patientId));
    expect(rows.filter((r) => heldIds.has(r.patientId)).map((r) => r.arm)).toEqual(['holdout', 'holdout']);
    expect(rows.filter((r) => !heldIds.has(r.patientId)).map((r) => [r.arm, r.outcome])).toEqual([['treated', 'sent'], ['treated', 'sent']]);

    // The held-out patient's visit inside the window counts for the holdout; one after it does not.
    const visit = (patientId: string, visitedAt: string, totalFen: number) => ({ pk: `T#${twin.demo.tenantId}#P#${patientId}`, sk: `VISIT#${visitedAt}#${ulid()}`, type: 'visit', visitId: ulid(), patientId, clinicId: twin.demo.jinganId, visitedAt, totalFen, lines: [] });
    const inWindow = new Date(runAt.getTime() + 5 * 86_400_000).toISOString();
    const afterWindow = new Date(runAt.getTime() + 33 * 86_400_000).toISOString();
    await put(visit(held[0]!.patientId, inWindow, 200_00));
    await put(visit(held[1]!.patientId, afterWindow, 900_00));
    await put(visit(treated[0]!.patientId, inWindow, 300_00));
    const res = await twin.api<AutomationResultsView>('GET', '/automations/recall/results', { token: marketing });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ automation: 'recall', holdoutPercent: 50, windowClosed: true, measured: 4, pending: 0 });
    expect(res.body.holdout).toMatchObject({ n: 2, delivered: 0, visited: 1, revenueFen: 200_00 });
    expect(res.body.treated).toMatchObject({ n: 2, delivered: 2, visited: 1, revenueFen: 300_00 });
    expect(res.body.lift?.difference).toBe(0);
    expect(res.body.words).toMatch(/^Not conclusive|^Conclusive: no lift/);
    expect(JSON.stringify(res.body)).not.toMatch(/\+86|1361234/);
    expect(JSON.stringify(res.body)).not.toMatch(treatmentLeak);

    // The profile's campaign section: held out of the recall, in words marketing may read.
    const section = await twin.api<{ items: PatientCampaignEntry[] }>('GET', `/patients/${held[0]!.patientId}/campaigns`, { token: marketing });
    expect(section.status).toBe(200);
    expect(section.body.items).toMatchObject([{ kind: 'automation', automation: 'recall', arm: 'holdout' }]);
    expect(JSON.stringify(section.body)).not.toMatch(treatmentLeak);
    const sent = await twin.api<{ items: PatientCampaignEntry[] }>('GET', `/patients/${treated[0]!.patientId}/campaigns`, { token: owner });
    expect(sent.body.items).toMatchObject([{ kind: 'automation', automation: 'recall', arm: 'treated', outcome: 'sent' }]);
    expect((await setRecallHoldout(0)).status).toBe(200);
  });

  it('an unknown automation is 404; the front desk and dentists cannot read results or the section; another chain gets 404', async () => {
    expect((await twin.api('GET', '/automations/holidays/results', { token: owner })).status).toBe(404);
    const patient = (await twin.api<Patient>('POST', '/patients', { token: owner, body: { name: '王芳', phone: phoneIn('treated', 10), clinicId: twin.demo.jinganId } })).body;
    for (const role of ['frontdesk', 'dentist'] as const) {
      const token = await twin.tokenFor(role);
      expect((await twin.api('GET', '/automations/recall/results', { token })).status).toBe(403);
      expect((await twin.api('GET', `/patients/${patient.patientId}/campaigns`, { token })).status).toBe(403);
    }
    const other = await twin.otherChain();
    expect((await twin.api('GET', `/patients/${patient.patientId}/campaigns`, { token: other.ownerToken })).status).toBe(404);
    const theirs = await twin.api<AutomationResultsView>('GET', '/automations/recall/results', { token: other.ownerToken });
    expect(theirs.body.treated.n + theirs.body.holdout.n).toBe(0);
  });

  it('lists a campaign the patient was held out of', async () => {
    const patient = (await twin.api<Patient>('POST', '/patients', { token: owner, body: { name: '赵敏', phone: phoneIn('treated', 10), clinicId: twin.demo.jinganId } })).body;
    const { claimRecipient, saveCampaign } = await import('../../functions/adapters/dynamo/campaign-repository.js');
    const campaignId = ulid();
    const at = new Date().toISOString();
    await saveCampaign(twin.demo.tenantId, { campaignId, name: '会员日回馈', segmentId: 'SEG', variants: [{ key: 'A', template: '{姓名}您好', percent: 100 }], holdoutPercent: 10, schedule: { kind: 'now' }, exclusions: { contactedWithinDays: 0, members: false, withAppointment: false }, window: { startHour: 9, endHour: 20 }, throttlePerMinute: 600, attributionDays: 30, status: 'completed', version: 1, createdAt: at, createdBy: 'test' } as never);
    await claimRecipient(twin.demo.tenantId, campaignId, { patientId: patient.patientId, clinicId: patient.clinicId, householdKey: 'hh', runKey: 'r1', arm: 'holdout', assignedAt: at });
    const section = await twin.api<{ items: PatientCampaignEntry[] }>('GET', `/patients/${patient.patientId}/campaigns`, { token: marketing });
    expect(section.body.items).toEqual([{ kind: 'campaign', campaignId, name: '会员日回馈', arm: 'holdout', at }]);
  });

  it('reactivation: the held-out patient gets nothing on each attempt, one record per attempt, one row in the results', async () => {
    const current = (await twin.api<StoredAutomationSettings>('GET', '/automations', { token: owner })).body;
    const reactivation = { ...current.settings.reactivation, enabled: true, dailyLimit: 10, maxAttempts: 2, intervalDays: 30, holdoutPercent: 50 };
    expect((await twin.api('PUT', '/automations', { token: owner, body: { version: current.version, settings: { ...current.settings, reactivation } } })).status).toBe(200);
    const day = '2026-06-10';
    const consents = { care: { granted: true, source: 'paper-form' }, marketing: { granted: true, source: 'paper-form' } };
    const dormant = async (phone: string) => {
      const patient = (await twin.api<Patient>('POST', '/patients', { token: owner, body: { name: '老患者', phone, clinicId: twin.demo.jinganId, consents } })).body;
      const { summaryItem } = await import('../../functions/adapters/dynamo/visit-repository.js');
      const lastVisitAt = `${addMonths(day, -14)}T02:00:00.000Z`;
      await put(summaryItem(twin.demo.tenantId, patient.patientId, { visitCount: 2, totalSpendFen: 800_00, firstVisitAt: lastVisitAt, lastVisitAt, lastVisitClinicId: twin.demo.jinganId, version: 1 }));
      return patient;
    };
    const heldPhone = phoneIn('holdout', 50, 'reactivation');
    const treatedPhone = phoneIn('treated', 50, 'reactivation');
    const held = await dormant(heldPhone);
    const treated = await dormant(treatedPhone);
    const { runReactivation } = await import('../../functions/jobs/reactivation.js');
    const runOn = (d: string) => Promise.all([1, 2, 3].map(() => runReactivation(twin.demo.tenantId, new Date(`${d}T10:00:00+08:00`))));
    await runOn(day);
    await runOn(addDays(day, 31));
    expect(await smsTo(heldPhone)).toHaveLength(0);
    expect(await smsTo(treatedPhone)).toHaveLength(2);
    const { listAssignments } = await import('../../functions/adapters/dynamo/automation-holdout-repository.js');
    const rows = await listAssignments(twin.demo.tenantId, 'reactivation');
    expect(rows.filter((r) => r.patientId === held.patientId).map((r) => r.arm)).toEqual(['holdout', 'holdout']);
    expect(rows.filter((r) => r.patientId === treated.patientId).map((r) => r.outcome)).toEqual(['sent', 'sent']);
    const res = await twin.api<AutomationResultsView>('GET', '/automations/reactivation/results', { token: owner });
    expect(res.body).toMatchObject({ holdoutPercent: 50, measured: 2 });
    expect([res.body.treated.n, res.body.holdout.n]).toEqual([1, 1]);
  });
});
