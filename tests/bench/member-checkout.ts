/**
 * member_checkout_wcu: one checkout that uses a card entitlement (a cleaning the seed plan
 * covers), a coupon (on the filling, after the member's 10% off) and stored value (paying the
 * rest), measured on DynamoDB Local. Value: the AWS estimate of the write units (clinic-ops.ts
 * awsTransactionalEstimate, which DynamoDB Local under-reports); the reported figure beside it. Goal ≤ 40.
 */
import type { LocalUser } from '../../functions/adapters/identity/local-identity.js';
import { awsTransactionalEstimate, type Capture } from './clinic-ops.js';

type Emit = (metric: string, value: number, unit: string, extra?: Record<string, unknown>) => void;

export const measureMemberCheckout = async (owner: LocalUser, capture: Capture, emit: Emit): Promise<void> => {
  const { dynamoClient } = await import('../../functions/adapters/dynamo/client.js');
  const { listClinics, listStaff } = await import('../../functions/adapters/dynamo/org-repository.js');
  const { listProcedures } = await import('../../functions/adapters/dynamo/catalog-repository.js');
  const { listPlans } = await import('../../functions/adapters/dynamo/membership-repository.js');
  const { createPatient } = await import('../../functions/services/patient-service.js');
  const { sellMembership } = await import('../../functions/services/member-service.js');
  const { topUp } = await import('../../functions/services/wallet-service.js');
  const { defineCoupon, issueCoupon } = await import('../../functions/services/coupon-service.js');
  const { checkout } = await import('../../functions/services/visit-service.js');
  const { patientCreateSchema } = await import('../../shared/schemas/patient.js');
  const { checkoutSchema } = await import('../../shared/schemas/visit.js');
  const { couponDefinitionInputSchema } = await import('../../shared/schemas/coupons.js');
  const { priceVisit } = await import('../../shared/domain/checkout/pricing.js');
  const { cardsOfPatient } = await import('../../functions/adapters/dynamo/membership-repository.js');

  const caller = { userId: owner.userId, email: owner.email, tenantId: owner.tenantId, role: 'owner' as const, clinicScope: 'all' as const };
  const clinic = (await listClinics(owner.tenantId)).find((c) => c.name === '静安店');
  const dentist = (await listStaff(owner.tenantId)).find((s) => s.role === 'dentist');
  const procedures = await listProcedures(owner.tenantId);
  const byCode = new Map(procedures.map((p) => [p.code, p]));
  const cleaning = byCode.get('cleaning');
  const filling = byCode.get('filling-resin');
  const plan = (await listPlans(owner.tenantId))[0];
  if (!clinic || !dentist || !cleaning || !filling || !plan) throw new Error('demo chain incomplete');

  const patient = await createPatient(caller, patientCreateSchema.parse({ name: '会员结账基准', phone: '13955554444', clinicId: clinic.clinicId }));
  await sellMembership(caller, patient.patientId, { planId: plan.planId, clinicId: clinic.clinicId, memberPatientIds: [], payments: [{ method: 'wechat', amountFen: plan.priceFen }], acknowledgedAt: new Date().toISOString() });
  await topUp(caller, patient.patientId, { amountFen: 100_000, method: 'wechat' });
  const definition = await defineCoupon(caller, couponDefinitionInputSchema.parse({ name: '补牙券', value: { kind: 'amount', amountFen: 3_000 }, validity: { days: 30 } }));
  const coupon = await issueCoupon(caller, patient.patientId, { definitionId: definition.definitionId });

  // The total as the front desk would see it, so the whole of it goes on the card.
  const draft = { clinicId: clinic.clinicId, dentistId: dentist.userId, lines: [{ procedureId: cleaning.procedureId }, { procedureId: filling.procedureId, teeth: ['36'] }], couponCode: coupon.code };
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const cards = await cardsOfPatient(owner.tenantId, patient.patientId);
  const priced = priceVisit(checkoutSchema.parse(draft), new Map(procedures.map((p) => [p.procedureId, p])), undefined, { members: { cards, patientId: patient.patientId, day: today }, coupon: { coupon, day: today } });
  if (!priced.ok) throw new Error(`bench checkout does not price: ${JSON.stringify(priced.problems)}`);
  const input = checkoutSchema.parse({ ...draft, payments: [{ method: 'stored-value', amountFen: priced.visit.totalFen }] });

  let estimate = 0;
  let measuring = false;
  dynamoClient.middlewareStack.add(
    (next, context) => async (args) => {
      if (measuring && context.commandName === 'TransactWriteItemsCommand') estimate += awsTransactionalEstimate((args.input as { TransactItems: Record<string, { Item?: Record<string, unknown> }>[] }).TransactItems);
      if (measuring && context.commandName === 'UpdateItemCommand') estimate += 1;
      return next(args);
    },
    { step: 'initialize', name: 'benchMemberCheckoutEstimate' },
  );
  measuring = true;
  const units = await capture(() => checkout(caller, patient.patientId, input));
  measuring = false;
  dynamoClient.middlewareStack.remove('benchMemberCheckoutEstimate');
  emit('member_checkout_wcu', estimate, 'WCU', {
    dynamodb_local_reported_wcu: units.write, reads_rcu: units.read, total_fen: priced.visit.totalFen, goal: 40,
    note: 'AWS estimate: the checkout transaction with the entitlement counter and its ledger row, the coupon, the stored-value account and ledger row, plus counts after the commit',
  });
};
