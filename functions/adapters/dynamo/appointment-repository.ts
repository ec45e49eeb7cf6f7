/**
 * Appointments live in the patient's partition. Each claims the 15-minute slots of its dentist
 * and its chair with conditional writes in the same transaction, so two bookings can never
 * overlap, however close together they arrive.
 */
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { slotMinutes, type Appointment } from '../../../shared/schemas/appointment.js';
import { documentClient, tableName } from './client.js';
import { rollupUpdates } from './kpi-repository.js';
import { deltaForAppointmentChange } from '../../../shared/domain/kpi/rollup.js';
import { queryAll } from './query-all.js';
import { appointmentEntity } from './entities/appointment.js';
import { chairSlotEntity, dentistSlotEntity } from './entities/slot.js';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];
export type SlotResource = { kind: 'dentist'; id: string } | { kind: 'chair'; id: string };

/** Thrown when a slot is taken: which resource, and by which appointment. */
export class SlotTaken extends Error {
  constructor(readonly resource: SlotResource['kind'], readonly slotStart: string) {
    super(`${resource} busy at ${slotStart}`);
  }
}
export class AppointmentChanged extends Error {}

const resourceKey = (r: SlotResource) => (r.kind === 'dentist' ? `D:${r.id}` : `CH:${r.id}`);
const slotKey = (tenantId: string, clinicId: string, r: SlotResource, slotStart: string) =>
  r.kind === 'dentist' ? dentistSlotEntity.key({ tenantId, dentistId: r.id, slotStart }) : chairSlotEntity.key({ tenantId, clinicId, chair: r.id, slotStart });

export const slotStarts = (startAt: string, endAt: string): string[] => {
  const out: string[] = [];
  for (let t = Date.parse(startAt); t < Date.parse(endAt); t += slotMinutes * 60_000) out.push(new Date(t).toISOString());
  return out;
};

const slotsOf = (a: Pick<Appointment, 'dentistId' | 'chair' | 'startAt' | 'endAt'>) =>
  ([{ kind: 'dentist', id: a.dentistId }, { kind: 'chair', id: a.chair }] as SlotResource[]).flatMap((resource) =>
    slotStarts(a.startAt, a.endAt).map((slotStart) => ({ resource, slotStart, id: `${resourceKey(resource)}|${slotStart}` })),
  );

export const appointmentItem = (tenantId: string, a: Appointment) => {
  const open = a.status === 'booked' || a.status === 'checked-in';
  return {
    ...appointmentEntity.key({ tenantId, patientId: a.patientId, appointmentId: a.appointmentId }),
    type: 'appointment',
    ...a,
    ...appointmentEntity.indexes.byClinicDay.keys({ tenantId, clinicId: a.clinicId, localDay: a.localDay, startAt: a.startAt, appointmentId: a.appointmentId }),
    ...(open ? appointmentEntity.indexes.openByStart.keys({ tenantId, startAt: a.startAt, patientId: a.patientId, appointmentId: a.appointmentId }) : {}),
    // The patient's open appointments by start: "is anything booked ahead?" reads at most one item.
    ...(open ? appointmentEntity.indexes.openOfPatient.keys({ tenantId, patientId: a.patientId, startAt: a.startAt, appointmentId: a.appointmentId }) : {}),
  };
};

const claimSlot = (tenantId: string, a: Appointment, slot: ReturnType<typeof slotsOf>[number]): TransactItem => ({
  Put: {
    TableName: tableName,
    Item: {
      ...slotKey(tenantId, a.clinicId, slot.resource, slot.slotStart),
      type: 'slot',
      appointmentId: a.appointmentId,
      patientId: a.patientId,
      // Past slots clean themselves up a month later.
      expiresAt: Math.floor(Date.parse(a.endAt) / 1000) + 30 * 24 * 3600,
    },
    ConditionExpression: 'attribute_not_exists(pk)',
  },
});

const releaseSlot = (tenantId: string, a: Appointment, slot: ReturnType<typeof slotsOf>[number]): TransactItem => ({
  Delete: {
    TableName: tableName,
    Key: slotKey(tenantId, a.clinicId, slot.resource, slot.slotStart),
    ConditionExpression: 'appointmentId = :id',
    ExpressionAttributeValues: { ':id': a.appointmentId },
  },
});

/** The appointment written only if it is still at the version and status it was read with (or new). */
const writeAppointment = (tenantId: string, a: Appointment, before?: Appointment): TransactItem => ({
  Put: {
    TableName: tableName,
    Item: appointmentItem(tenantId, a),
    ...(before === undefined
      ? { ConditionExpression: 'attribute_not_exists(pk)' }
      : { ConditionExpression: 'version = :v AND #status = :s', ExpressionAttributeNames: { '#status': 'status' }, ExpressionAttributeValues: { ':v': before.version, ':s': before.status } }),
  },
});

const run = async (items: TransactItem[], slotItems: { index: number; resource: SlotResource['kind']; slotStart: string }[]): Promise<void> => {
  try {
    await documentClient.send(new TransactWriteCommand({ TransactItems: items }));
  } catch (error) {
    if (!(error instanceof TransactionCanceledException)) throw error;
    const reasons = error.CancellationReasons ?? [];
    const taken = slotItems.find((s) => reasons[s.index]?.Code === 'ConditionalCheckFailed');
    if (taken) throw new SlotTaken(taken.resource, taken.slotStart);
    if (reasons.some((r) => r.Code === 'ConditionalCheckFailed')) throw new AppointmentChanged('the appointment changed meanwhile');
    throw error;
  }
};

/** Booked / kept / no-show / cancelled counts of the appointment's clinic day, in the same transaction (last: no conditions). */
const appointmentRollups = (tenantId: string, before: Appointment | undefined, after: Appointment): TransactItem[] => rollupUpdates(tenantId, deltaForAppointmentChange(before, after));

export const bookAppointment = async (tenantId: string, a: Appointment): Promise<void> => {
  const slots = slotsOf(a);
  const items: TransactItem[] = [writeAppointment(tenantId, a), ...slots.map((s) => claimSlot(tenantId, a, s)), ...appointmentRollups(tenantId, undefined, a)];
  await run(items, slots.map((s, i) => ({ index: i + 1, resource: s.resource.kind, slotStart: s.slotStart })));
};

/** Moves the appointment: frees the slots it leaves, claims the ones it enters, keeps the rest. */
export const moveAppointment = async (tenantId: string, before: Appointment, after: Appointment): Promise<void> => {
  const old = new Map(slotsOf(before).map((s) => [s.id, s]));
  const next = new Map(slotsOf(after).map((s) => [s.id, s]));
  const claims = [...next.values()].filter((s) => !old.has(s.id));
  const releases = [...old.values()].filter((s) => !next.has(s.id));
  const items: TransactItem[] = [
    writeAppointment(tenantId, after, before),
    ...claims.map((s) => claimSlot(tenantId, after, s)),
    ...releases.map((s) => releaseSlot(tenantId, before, s)),
    ...appointmentRollups(tenantId, before, after),
  ];
  await run(items, claims.map((s, i) => ({ index: i + 1, resource: s.resource.kind, slotStart: s.slotStart })));
};

/** A status change; `freeSlots` releases the time for others (cancellation). */
export const changeStatus = async (tenantId: string, before: Appointment, after: Appointment, freeSlots: boolean): Promise<void> => {
  const items: TransactItem[] = [
    writeAppointment(tenantId, after, before),
    ...(freeSlots ? slotsOf(before).map((s) => releaseSlot(tenantId, before, s)) : []),
    ...appointmentRollups(tenantId, before, after),
  ];
  await run(items, []);
};

const strip = (item: Record<string, unknown>): Appointment => appointmentEntity.fromItem<Appointment>(item);

export const getAppointment = async (tenantId: string, patientId: string, appointmentId: string): Promise<Appointment | undefined> => {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: appointmentEntity.key({ tenantId, patientId, appointmentId }), ConsistentRead: true }));
  return Item ? strip(Item) : undefined;
};

export const listPatientAppointments = async (tenantId: string, patientId: string): Promise<Appointment[]> => {
  const { Items } = await documentClient.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      ExpressionAttributeValues: { ':pk': appointmentEntity.pk.fill({ tenantId, patientId }), ':p': appointmentEntity.sk.prefix() },
    }),
  );
  return (Items ?? []).map(strip).sort((a, b) => a.startAt.localeCompare(b.startAt));
};

/** One clinic day, in start order. */
export const listClinicDay = async (tenantId: string, clinicId: string, localDay: string): Promise<Appointment[]> =>
  (await queryAll(appointmentEntity.indexes.byClinicDay.query({ tenantId, clinicId, localDay }))).map(strip);

/** Booked appointments of the chain starting in [from, to): the sparse start-time index only. */
export const appointmentsStartingBetween = async (tenantId: string, from: string, to: string): Promise<Appointment[]> =>
  (
    await queryAll(appointmentEntity.indexes.openByStart.query({ tenantId }, { between: [from, to] }))
  ).map(strip);

/** The patient's next open appointment starting after `after`, if any: one index item at most. */
export const nextOpenAppointment = async (tenantId: string, patientId: string, after: string): Promise<{ startAt: string; appointmentId: string } | undefined> => {
  const { Items } = await documentClient.send(
    new QueryCommand({
      TableName: tableName,
      ...appointmentEntity.indexes.openOfPatient.query({ tenantId, patientId }, { gt: after }),
      ProjectionExpression: 'startAt, appointmentId',
      Limit: 1,
    }),
  );
  const item = Items?.[0];
  return item ? { startAt: String(item.startAt), appointmentId: String(item.appointmentId) } : undefined;
};

/** The patient's open appointments starting in [from, to), soonest first (the sparse per-patient index). */
export const patientOpenAppointmentsBetween = async (tenantId: string, patientId: string, from: string, to: string): Promise<Appointment[]> =>
  (
    await queryAll(appointmentEntity.indexes.openOfPatient.query({ tenantId, patientId }, { between: [from, to] }))
  ).map(strip);

/**
 * Records the patient's confirmation while the appointment is still booked at the version the
 * patient was told about. The version is not bumped: a confirmation changes neither the time
 * nor the reminders' occasion. The first confirmation stands. False when it no longer applies.
 */
export const confirmAppointment = async (tenantId: string, a: Pick<Appointment, 'patientId' | 'appointmentId' | 'version'>, at: string): Promise<boolean> => {
  try {
    await documentClient.send(
      new UpdateCommand({
        TableName: tableName,
        Key: appointmentEntity.key({ tenantId, patientId: a.patientId, appointmentId: a.appointmentId }),
        UpdateExpression: 'SET confirmedAt = if_not_exists(confirmedAt, :at)',
        ConditionExpression: 'attribute_exists(pk) AND #status = :booked AND version = :v',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':at': at, ':booked': 'booked', ':v': a.version },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
};
