/**
 * Capacity of the clinic-operations paths, from DynamoDB Local's ConsumedCapacity:
 *   visit_checkout_wcu      one checkout with two procedures and a payment (everything it writes,
 *                           the care pathway's follow-up call and later care message included)
 *   patient_profile_rcu_3y  opening the profile timeline of a patient with 3 years of history
 */
import { ulid } from 'ulid';
import type { Twin } from '../../functions/local/twin.js';
import type { LocalUser } from '../../functions/adapters/identity/local-identity.js';

export type Units = { read: number; write: number };
export type Capture = (work: () => Promise<unknown>) => Promise<Units>;
type Emit = (metric: string, value: number, unit: string, extra?: Record<string, unknown>) => void;

/**
 * DynamoDB Local under-reports transactions (it does not charge each item twice, nor each index
 * write). This is what AWS would charge for the same writes: per item 2 × ⌈size / 1 KB⌉ for the
 * table and again for every index the item is in; an Update counts as 1 KB. Sizes use the JSON
 * length of names and values, which slightly overstates DynamoDB's own measure.
 */
export const awsTransactionalEstimate = (transactItems: Record<string, { Item?: Record<string, unknown> }>[]): number =>
  transactItems.reduce((total, action) => {
    const put = action.Put?.Item;
    if (!put) return total + (action.Update ? 2 : action.Delete ? 2 : 0);
    const kb = Math.max(1, Math.ceil(Buffer.byteLength(JSON.stringify(put)) / 1024));
    const indexes = ['gsi1pk', 'gsi2pk', 'gsi3pk'].filter((k) => put[k] !== undefined).length;
    return total + 2 * kb * (1 + indexes);
  }, 0);

export const measureClinicOps = async (twin: Twin, owner: LocalUser, capture: Capture, emit: Emit): Promise<void> => {
  const { dynamoClient } = await import('../../functions/adapters/dynamo/client.js');
  let estimate = 0;
  dynamoClient.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'TransactWriteItemsCommand') estimate += awsTransactionalEstimate((args.input as { TransactItems: Record<string, { Item?: Record<string, unknown> }>[] }).TransactItems);
      // Plain counter updates outside a transaction, should any remain: 1 WCU each.
      if (context.commandName === 'UpdateItemCommand') estimate += 1;
      return next(args);
    },
    { step: 'initialize', name: 'benchTransactionEstimate' },
  );
  const { listClinics, listStaff } = await import('../../functions/adapters/dynamo/org-repository.js');
  const { listProcedures } = await import('../../functions/adapters/dynamo/catalog-repository.js');
  const { commitCheckout } = await import('../../functions/adapters/dynamo/visit-repository.js');
  const { bookAppointment } = await import('../../functions/adapters/dynamo/appointment-repository.js');
  const { auditEvent } = await import('../../functions/adapters/dynamo/audit-repository.js');
  const { checkout } = await import('../../functions/services/visit-service.js');
  const { createPatient } = await import('../../functions/services/patient-service.js');
  const { patientTimeline } = await import('../../functions/services/timeline-service.js');
  const { patientCreateSchema } = await import('../../shared/schemas/patient.js');
  const { checkoutSchema } = await import('../../shared/schemas/visit.js');
  const { priceAt } = await import('../../shared/domain/catalog.js');

  const caller = { userId: owner.userId, email: owner.email, tenantId: owner.tenantId, role: 'owner' as const, clinicScope: 'all' as const };
  const clinic = (await listClinics(owner.tenantId)).find((c) => c.name === '静安店');
  const dentist = (await listStaff(owner.tenantId)).find((s) => s.role === 'dentist');
  if (!clinic || !dentist) throw new Error('demo chain incomplete');
  const catalog = new Map((await listProcedures(owner.tenantId)).map((p) => [p.code, p]));
  const cleaning = catalog.get('cleaning');
  const filling = catalog.get('filling-resin');
  const rootCanal = catalog.get('root-canal');
  if (!cleaning || !filling || !rootCanal) throw new Error('demo catalog incomplete');

  // One checkout: cleaning + root canal (whose pathway makes a follow-up call and a day-7 care
  // message, an indexed item in the same transaction), paid by WeChat.
  const patient = await createPatient(caller, patientCreateSchema.parse({ name: '容量基准', phone: '13988887777', clinicId: clinic.clinicId }));
  const total = priceAt(cleaning, clinic.clinicId) + priceAt(rootCanal, clinic.clinicId);
  const input = checkoutSchema.parse({
    clinicId: clinic.clinicId,
    dentistId: dentist.userId,
    lines: [{ procedureId: cleaning.procedureId }, { procedureId: rootCanal.procedureId, teeth: ['36'] }],
    payments: [{ method: 'wechat', amountFen: total }],
  });
  estimate = 0;
  const units = await capture(() => checkout(caller, patient.patientId, input));
  // A checkout with a care message due at once starts a job run on the bus; it is not the checkout's cost.
  await twin.bus.idle();
  emit('visit_checkout_wcu', estimate, 'WCU', {
    dynamodb_local_reported_wcu: units.write,
    reads_rcu: units.read,
    goal: 25,
    note: 'AWS estimate (see clinic-ops.ts): the transaction with the indexed day-7 care message, the KPI rollup of the visit and the care call counted on its due day',
  });

  // Three years of history: a cleaning every six months and a filling each year, each booked,
  // completed, with its follow-up call; then one profile open.
  const history = await createPatient(caller, patientCreateSchema.parse({ name: '三年老患者', phone: '13977776666', clinicId: clinic.clinicId }));
  const start = Date.now() - 3 * 365 * 86_400_000;
  let summary = { version: 0, visitCount: 0, totalSpendFen: 0 } as { version: number; visitCount: number; totalSpendFen: number; firstVisitAt?: string; lastVisitAt?: string };
  for (let i = 0; i < 9; i++) {
    const visitedAt = new Date(start + i * 122 * 86_400_000).toISOString();
    const procedures = i % 2 === 0 ? [cleaning, filling] : [cleaning];
    const visitId = ulid(Date.parse(visitedAt));
    const appointmentId = ulid(Date.parse(visitedAt) - 7 * 86_400_000);
    const lines = procedures.map((p) => ({ procedureId: p.procedureId, code: p.code, nameZh: p.nameZh, nameEn: p.nameEn, category: p.category, quantity: 1, teeth: [], unitPriceFen: p.priceFen, discountFen: 0, amountFen: p.priceFen }));
    const visitTotal = lines.reduce((s, l) => s + l.amountFen, 0);
    await bookAppointment(owner.tenantId, {
      appointmentId, patientId: history.patientId, patientName: history.name, dentistName: dentist.displayName, clinicId: clinic.clinicId, dentistId: dentist.userId,
      chair: `H${i}`, startAt: visitedAt, endAt: new Date(Date.parse(visitedAt) + 1800_000).toISOString(), localDay: visitedAt.slice(0, 10), procedureIds: procedures.map((p) => p.procedureId),
      notes: '', status: 'booked', version: 1, createdBy: owner.userId, createdAt: visitedAt, updatedAt: visitedAt,
    });
    const previous = summary.version;
    summary = { version: previous + 1, visitCount: summary.visitCount + 1, totalSpendFen: summary.totalSpendFen + visitTotal, firstVisitAt: summary.firstVisitAt ?? visitedAt, lastVisitAt: visitedAt };
    await commitCheckout({
      tenantId: owner.tenantId,
      visit: { visitId, patientId: history.patientId, clinicId: clinic.clinicId, dentistId: dentist.userId, appointmentId, visitedAt, source: 'checkout', lines, subtotalFen: visitTotal, discountFen: 0, totalFen: visitTotal, payments: [{ method: 'wechat', amountFen: visitTotal }], notes: '', createdBy: owner.userId, createdAt: visitedAt },
      summary,
      summaryVersionRead: previous === 0 ? undefined : previous,
      appointment: { appointmentId },
      recalls: [{ group: 'cleaning', dueDate: new Date(Date.parse(visitedAt) + 182 * 86_400_000).toISOString().slice(0, 10), anchorDate: visitedAt.slice(0, 10), rule: { kind: 'interval', group: 'cleaning', months: 6 } }],
      // Years-old visits: their care messages are long past, as checkout would plan them (none).
      careMessages: [],
      tasks: [{ taskId: `${visitId}.care`, patientId: history.patientId, patientName: history.name, clinicId: clinic.clinicId, kind: 'care-call', topic: 'filling-care', occasion: `${visitId}.care`, dueAt: visitedAt, assignee: { kind: 'role', role: 'frontdesk' }, status: 'done', attempts: [{ at: visitedAt, by: owner.userId, outcome: 'reached-fine', notes: '' }], visitId, createdAt: visitedAt, updatedAt: visitedAt }],
      installments: [],
      audit: auditEvent(caller, history.patientId, 'visit.create', { refId: visitId }),
    });
  }
  const profile = await capture(() => patientTimeline(caller, history.patientId));
  emit('patient_profile_rcu_3y', profile.read, 'RCU', { visits: 9, appointments: 9, tasks: 9, writes_wcu_for_the_audit_entry: profile.write, goal: 10 });
};
