/**
 * Points (积分): the owner's rules, a patient's account as the front desk sees it, and what a
 * checkout or its void writes to the account, inside their own transactions. A patient on a
 * family card earns into and spends from the card holder's account (pooled); points a member
 * earned stay with the holder if the member later leaves the card.
 */
import { ulid } from 'ulid';
import type { Caller } from '../../shared/domain/access.js';
import { DomainError } from '../../shared/domain/errors.js';
import type { MemberCard } from '../../shared/domain/members/entitlements.js';
import { statusOn } from '../../shared/domain/members/term.js';
import { earningFen, lotActive, newLot, pointsBalance, pointsEarned, pointsOwnerOf, pruneLots, restoreLots, takeBackEarned, takeFifo } from '../../shared/domain/points/points.js';
import { addDays, localDay, defaultTimeZone } from '../../shared/domain/time.js';
import type { PointsRulesInput, PointsRulesView, PointsView, VisitPoints } from '../../shared/schemas/points.js';
import type { PaymentInput, Visit } from '../../shared/schemas/visit.js';
import { cardsOfPatient } from '../adapters/dynamo/membership-repository.js';
import { getPointsAccount, getPointsRules, listPointsEntries, putPointsRules, type PointsWrite } from '../adapters/dynamo/points-repository.js';
import { readPatient } from './patient-service.js';

/** The account a patient's points go to on `day`: the family card holder's when pooled. */
export const pointsOwner = (cards: readonly MemberCard[], patientId: string, day: string): string =>
  pointsOwnerOf(cards.map((c) => ({ ...c.membership, active: statusOn(c.membership, day) === 'active' })), patientId);

const shortOfPoints = (balance: number, wanted: number) =>
  new DomainError('conflict', `pointsToSpend: the account holds ${balance} points, fewer than the ${wanted} this checkout spends; spend fewer or none`, [
    { path: 'pointsToSpend', message: `is more than the ${balance} points available`, code: 'points.over_balance', params: { points: balance } },
  ]);

export type CheckoutPoints = { write: PointsWrite; points: VisitPoints };

/**
 * Spend (FIFO, 409 when short) and earn, planned from the account as read now; the checkout's
 * transaction holds the account to the version read. Nothing to write when nothing moves.
 */
export const planCheckoutPoints = async (
  caller: Caller,
  visit: { patientId: string; visitId: string; createdAt: string; day: string; cards: readonly MemberCard[]; payments: readonly PaymentInput[]; rules: PointsRulesView; spend: { points: number; fen: number } },
): Promise<CheckoutPoints | undefined> => {
  const earned = pointsEarned(visit.rules, earningFen(visit.payments));
  if (earned === 0 && visit.spend.points === 0) return undefined;
  const ownerPatientId = pointsOwner(visit.cards, visit.patientId, visit.day);
  const account = await getPointsAccount(caller.tenantId, ownerPatientId);
  const spent = takeFifo(account.lots, visit.spend.points, visit.day);
  if (!spent.ok) throw shortOfPoints(spent.balance, visit.spend.points);
  const entryId = ulid(Date.parse(visit.createdAt));
  const lot = earned > 0 ? newLot(entryId, visit.day, earned) : undefined;
  const after = pruneLots([...spent.lots, ...(lot ? [lot] : [])], visit.day);
  return {
    write: {
      tenantId: caller.tenantId, ownerPatientId, lots: after.lots, versionRead: account.version,
      entry: { entryId, kind: 'checkout', points: earned - visit.spend.points, earned, spent: visit.spend.points, expired: after.expired, patientId: visit.patientId, visitId: visit.visitId, at: visit.createdAt, by: caller.userId },
    },
    points: { ownerPatientId, entryId, spentPoints: visit.spend.points, spentFen: visit.spend.fen, spentLots: spent.taken, ...(lot ? { earned: lot } : {}) },
  };
};

/** A void: the points spent put back lot by lot, the points earned taken back (as far as still held). */
export const planVoidPoints = async (caller: Caller, visit: Visit, voidedAt: string): Promise<PointsWrite | undefined> => {
  const moved = visit.points;
  if (!moved) return undefined;
  const day = localDay(new Date(voidedAt), defaultTimeZone);
  const account = await getPointsAccount(caller.tenantId, moved.ownerPatientId);
  const restored = restoreLots(account.lots, moved.spentLots);
  const back = moved.earned ? takeBackEarned(restored, moved.earned, day) : { lots: restored, unrecovered: 0 };
  const earned = (moved.earned?.points ?? 0) - back.unrecovered;
  const pruned = pruneLots(back.lots, day);
  const entryId = ulid(Date.parse(voidedAt));
  return {
    tenantId: caller.tenantId, ownerPatientId: moved.ownerPatientId, lots: pruned.lots, versionRead: account.version,
    entry: {
      entryId, kind: 'void', points: moved.spentPoints - earned, earned: -earned, spent: -moved.spentPoints, expired: pruned.expired,
      ...(back.unrecovered ? { unrecovered: back.unrecovered } : {}), patientId: visit.patientId, visitId: visit.visitId, at: voidedAt, by: caller.userId,
    },
  };
};

const soonDays = 60;

export const pointsOf = async (caller: Caller, patientId: string, now = new Date()): Promise<PointsView> => {
  await readPatient(caller, patientId);
  const day = localDay(now, defaultTimeZone);
  const [cards, rules] = await Promise.all([cardsOfPatient(caller.tenantId, patientId), getPointsRules(caller.tenantId)]);
  const ownerPatientId = pointsOwner(cards, patientId, day);
  const [account, entries] = await Promise.all([getPointsAccount(caller.tenantId, ownerPatientId), listPointsEntries(caller.tenantId, ownerPatientId, 50)]);
  const lots = account.lots.filter((l) => lotActive(l, day));
  const horizon = addDays(day, soonDays);
  return {
    ownerPatientId, pooled: ownerPatientId !== patientId, balance: pointsBalance(lots, day),
    expiringSoon: lots.filter((l) => l.expiresOn <= horizon), lots, entries,
    rules: { earnPointsPerYuan: rules.earnPointsPerYuan, spendPointsPerYuan: rules.spendPointsPerYuan, maxSharePercent: rules.maxSharePercent },
  };
};

export const pointsRules = (caller: Caller): Promise<PointsRulesView> => getPointsRules(caller.tenantId);

export const setPointsRules = async (caller: Caller, input: PointsRulesInput): Promise<PointsRulesView> => {
  const { expectedVersion, ...rules } = input;
  const next: PointsRulesView = { ...rules, version: expectedVersion + 1, updatedAt: new Date().toISOString(), updatedBy: caller.userId };
  if (!(await putPointsRules(caller.tenantId, next, expectedVersion))) {
    throw new DomainError('conflict', 'The points rules were changed by someone else meanwhile; reload them and make your change again', [{ path: 'expectedVersion', message: 'is not the current version', code: 'conflict.changed' }]);
  }
  return next;
};
