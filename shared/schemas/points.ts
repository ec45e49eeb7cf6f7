/** Points (积分) requests and responses, shared by the API and the dashboard. */
import * as z from 'zod';

const whole = (min: number, max: number) => z.number({ error: 'must be a number' }).int({ error: 'must be a whole number' }).min(min, { error: `must be ${min}–${max}` }).max(max, { error: `must be ${min}–${max}` });

/** The owner's setting, chain-wide and versioned like the bonus rules. */
export const pointsRulesInputSchema = z.strictObject({
  /** points per yuan actually paid (cash, card, WeChat, Alipay); 0 turns earning off */
  earnPointsPerYuan: whole(0, 100),
  /** how many points make ¥1 off (e.g. 100) */
  spendPointsPerYuan: whole(1, 10_000),
  /** the largest share of a bill points may pay; 0 turns spending off */
  maxSharePercent: whole(0, 100),
  /** the version read; rules changed meanwhile answer 409 */
  expectedVersion: z.number().int({ error: 'must be a whole number' }).min(0, { error: 'must not be negative' }),
});
export type PointsRulesInput = z.infer<typeof pointsRulesInputSchema>;

export type PointsRules = { earnPointsPerYuan: number; spendPointsPerYuan: number; maxSharePercent: number };
export type PointsRulesView = PointsRules & { version: number; updatedAt?: string; updatedBy?: string };

/** Points earned by one checkout, what is left of them, and the day they stop counting. */
export type PointsLot = { lotId: string; earnedOn: string; expiresOn: string; points: number };

/** One row per change of an account, in its owner's partition; `points` is signed. */
export type PointsEntry = {
  entryId: string;
  kind: 'checkout' | 'void';
  /** earned less spent (checkout); the reverse (void) */
  points: number;
  earned: number;
  spent: number;
  /** lots that had expired, dropped with this write */
  expired: number;
  /** a void's earned points already spent elsewhere, so not taken back */
  unrecovered?: number;
  /** who visited (a family member's visit lands in the holder's account) */
  patientId: string;
  visitId: string;
  at: string;
  by: string;
};

/** What a checkout did to points, kept on the visit so a void reverses exactly that. */
export type VisitPoints = {
  ownerPatientId: string;
  entryId: string;
  spentPoints: number;
  spentFen: number;
  /** per lot, as taken */
  spentLots: PointsLot[];
  earned?: PointsLot;
};

/** GET /patients/{patientId}/points */
export type PointsView = {
  /** the account: the family card holder's when pooled */
  ownerPatientId: string;
  pooled: boolean;
  balance: number;
  /** active lots expiring within 60 days */
  expiringSoon: PointsLot[];
  lots: PointsLot[];
  entries: PointsEntry[];
  rules: PointsRules;
};
