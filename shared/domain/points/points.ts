/**
 * Points (积分, issue 11 item 7), pure. Earned per yuan actually paid at checkout, spent as a
 * discount, each checkout's earn a lot that expires 12 months after its day.
 *
 * Expiry is computed from the lots whenever they are read or written (a lot counts while the day
 * is before its `expiresOn`), never by a job: a daily job would read every account to change a
 * few, while this costs nothing extra — the account item is read anyway to spend or show it.
 * Expired and empty lots are dropped when the account is next written, the ledger row of that
 * write saying how many points expired, so history still adds up.
 */
import { addMonths } from '../time.js';
import type { PaymentInput } from '../../schemas/visit.js';
import type { PointsLot, PointsRules } from '../../schemas/points.js';

export const pointsLifeMonths = 12;

/** Off until the owner sets a rate: no chain earns or spends points it never chose. */
export const defaultPointsRules: PointsRules = { earnPointsPerYuan: 0, spendPointsPerYuan: 100, maxSharePercent: 0 };

/**
 * The money a visit earns on: paid now by cash, card, WeChat or Alipay. Not stored value (the
 * top-up was the payment; earning again when it is spent would pay points twice on one yuan, and
 * top-ups earn none), not installments (promised, not yet paid).
 */
export const earningFen = (payments: readonly PaymentInput[]): number =>
  payments.filter((p) => p.method !== 'stored-value' && p.method !== 'installment').reduce((sum, p) => sum + p.amountFen, 0);

/** Whole points for whole yuan: ¥12.80 at 1 point per yuan earns 12. */
export const pointsEarned = (rules: PointsRules, paidFen: number): number => Math.floor(paidFen / 100) * rules.earnPointsPerYuan;

/** What `points` are worth in fen, or undefined when they are not a whole number of fen. */
export const pointsValueFen = (rules: PointsRules, points: number): number | undefined => {
  const fen = (points * 100) / rules.spendPointsPerYuan;
  return Number.isInteger(fen) ? fen : undefined;
};

/** The most a bill of `dueFen` may take in points' value. */
export const pointsCapFen = (rules: PointsRules, dueFen: number): number => Math.floor((dueFen * rules.maxSharePercent) / 100);

export const lotActive = (lot: PointsLot, day: string): boolean => day < lot.expiresOn && lot.points > 0;

export const pointsBalance = (lots: readonly PointsLot[], day: string): number => lots.filter((l) => lotActive(l, day)).reduce((sum, l) => sum + l.points, 0);

export const newLot = (lotId: string, earnedOn: string, points: number): PointsLot => ({ lotId, earnedOn, expiresOn: addMonths(earnedOn, pointsLifeMonths), points });

/** Oldest first: lot ids are ULIDs of the checkout that earned them. */
const byAge = (lots: readonly PointsLot[]): PointsLot[] => [...lots].sort((a, b) => (a.earnedOn === b.earnedOn ? a.lotId.localeCompare(b.lotId) : a.earnedOn.localeCompare(b.earnedOn)));

/** Taken FIFO from the active lots; `taken` says from which, so a void can put each back. */
export const takeFifo = (lots: readonly PointsLot[], points: number, day: string): { ok: true; lots: PointsLot[]; taken: PointsLot[] } | { ok: false; balance: number } => {
  const balance = pointsBalance(lots, day);
  if (points > balance) return { ok: false, balance };
  let left = points;
  const taken: PointsLot[] = [];
  const next = byAge(lots).map((lot) => {
    if (left === 0 || !lotActive(lot, day)) return lot;
    const take = Math.min(left, lot.points);
    left -= take;
    taken.push({ ...lot, points: take });
    return { ...lot, points: lot.points - take };
  });
  return { ok: true, lots: next, taken };
};

/** What is kept on write: active lots with points; the rest expired (counted) or empty. */
export const pruneLots = (lots: readonly PointsLot[], day: string): { lots: PointsLot[]; expired: number } => ({
  lots: byAge(lots.filter((l) => lotActive(l, day))),
  expired: lots.filter((l) => l.points > 0 && !lotActive(l, day)).reduce((sum, l) => sum + l.points, 0),
});

/** Lots put back as they were taken: added to the lot if still held, else the lot again (its own expiry). */
export const restoreLots = (lots: readonly PointsLot[], taken: readonly PointsLot[]): PointsLot[] => {
  const next = lots.map((l) => ({ ...l }));
  for (const t of taken) {
    const held = next.find((l) => l.lotId === t.lotId);
    if (held) held.points += t.points;
    else next.push({ ...t });
  }
  return next;
};

/**
 * A void takes back the points its checkout earned: from that lot first, then FIFO from the
 * others when the patient already spent some. Points spent and gone cannot be taken back: the
 * part not recovered is recorded, never a negative balance.
 */
export const takeBackEarned = (lots: readonly PointsLot[], earned: PointsLot, day: string): { lots: PointsLot[]; unrecovered: number } => {
  const own = lots.find((l) => l.lotId === earned.lotId);
  const fromOwn = Math.min(own?.points ?? 0, earned.points);
  const rest = lots.map((l) => (l.lotId === earned.lotId ? { ...l, points: l.points - fromOwn } : l));
  const wanted = earned.points - fromOwn;
  const balance = pointsBalance(rest, day);
  const taken = takeFifo(rest, Math.min(wanted, balance), day);
  return { lots: taken.ok ? taken.lots : rest, unrecovered: wanted - Math.min(wanted, balance) };
};

/** The account's owner: the holder of a family card the patient is on that day (pooled), else the patient. */
export const pointsOwnerOf = (cards: readonly { holderPatientId: string; memberPatientIds: readonly string[]; active: boolean; membershipId: string }[], patientId: string): string => {
  const family = [...cards].filter((c) => c.active && c.memberPatientIds.length > 1 && c.memberPatientIds.includes(patientId)).sort((a, b) => a.membershipId.localeCompare(b.membershipId));
  return family[0]?.holderPatientId ?? patientId;
};
