/**
 * Installments at the desk: a part recorded as paid leaves the reminder queue in the same write
 * (no reminder goes out for it, even in this hour's run), and the overdue list per clinic.
 */
import { canSeeClinic, type Caller } from '../../shared/domain/access.js';
import { DomainError, notFound } from '../../shared/domain/errors.js';
import { defaultTimeZone, localDay } from '../../shared/domain/time.js';
import type { InstallmentPayInput, OverdueInstallment } from '../../shared/schemas/installments.js';
import { getInstallmentPart, markInstallmentPaid, openPartsBefore, type PartRef, type StoredPart } from '../adapters/dynamo/installment-repository.js';
import { getPatient } from '../adapters/dynamo/patient-repository.js';
import { listClinics } from '../adapters/dynamo/org-repository.js';
import { mapLimit } from '../lib/concurrency.js';
import { readPatient } from './patient-service.js';

/** The overdue list shows at most this many parts per clinic, oldest first. */
export const overdueLimit = 200;

const notDue = (part: StoredPart): DomainError =>
  new DomainError('conflict', `installment part ${part.n} is ${part.status}`, [
    { path: 'n', message: part.status === 'paid' ? 'is already paid' : 'was voided with its visit', code: part.status === 'paid' ? 'installment.already_paid' : 'installment.void' },
  ]);

export const payInstallment = async (caller: Caller, ref: Omit<PartRef, 'tenantId'>, input: InstallmentPayInput, now = new Date()): Promise<StoredPart> => {
  await readPatient(caller, ref.patientId);
  const key = { ...ref, tenantId: caller.tenantId };
  const part = await getInstallmentPart(key);
  if (!part) throw notFound('installment part');
  if (part.status !== 'due') throw notDue(part);
  const payment = { method: input.method, at: now.toISOString(), by: caller.userId };
  if (await markInstallmentPaid(key, payment)) return { ...part, status: 'paid', paidAt: payment.at, paidMethod: payment.method, paidBy: payment.by };
  // Someone paid or voided it between our read and write: say which.
  const after = await getInstallmentPart(key);
  throw after ? notDue(after) : notFound('installment part');
};

const daysBetween = (from: string, to: string): number => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/** Unpaid parts whose due day has passed on each clinic's calendar, per clinic the caller may see. */
export const overdueInstallments = async (caller: Caller, options: { clinicId?: string; now?: Date }): Promise<OverdueInstallment[]> => {
  const now = options.now ?? new Date();
  if (options.clinicId && !canSeeClinic(caller, options.clinicId)) throw notFound('clinic');
  const clinics = (await listClinics(caller.tenantId)).filter((c) => canSeeClinic(caller, c.clinicId) && (!options.clinicId || c.clinicId === options.clinicId));
  if (options.clinicId && clinics.length === 0) throw notFound('clinic');
  const perClinic = await mapLimit(clinics, { limit: 4 }, async (clinic) => {
    const today = localDay(now, clinic.timeZone ?? defaultTimeZone);
    return (await openPartsBefore(caller.tenantId, clinic.clinicId, today, overdueLimit)).map((part) => ({ part, daysOverdue: daysBetween(part.dueDate, today) }));
  });
  const rows = perClinic.flat();
  const names = new Map<string, string | undefined>();
  await mapLimit([...new Set(rows.map((r) => r.part.patientId))], { limit: 8 }, async (id) => void names.set(id, (await getPatient(caller.tenantId, id))?.name));
  return rows.map(({ part, daysOverdue }) => ({
    patientId: part.patientId, patientName: names.get(part.patientId), clinicId: part.clinicId, visitId: part.visitId, n: part.n, dueDate: part.dueDate, amountFen: part.amountFen, daysOverdue,
  }));
};
