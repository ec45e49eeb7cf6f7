/**
 * A campaign's results, per variant and for all treated against the holdout, within the
 * attribution window: delivered, opt-outs, appointments booked, visits, revenue (fen), coupon
 * redemptions. The response is a visit in the window; the lift is the treated's visit rate minus
 * the holdout's, with Newcombe's 95% interval, and incremental revenue with a seeded bootstrap
 * interval. Compared by assignment (everyone assigned to treated counts, sent or not), so a
 * skip for consent cannot flatter the lift. Says in words whether it is conclusive yet.
 */
import { incrementalRevenue, newcombeInterval, requiredAudience, type Interval } from './statistics.js';

export type RecipientOutcome = {
  arm: 'holdout' | 'treated';
  variant?: string;
  delivered: boolean;
  optedOut: boolean;
  booked: boolean;
  visited: boolean;
  revenueFen: number;
  redeemed: boolean;
};

export type ArmResult = { n: number; delivered: number; optOuts: number; booked: number; visited: number; revenueFen: number; redemptions: number; responseRate: number };

export type Verdict = 'no-holdout' | 'window-open' | 'too-small' | 'conclusive-lift' | 'conclusive-no-lift' | 'inconclusive';

export type CampaignResults = {
  holdout: ArmResult;
  treated: ArmResult;
  variants: Record<string, ArmResult>;
  lift: (Interval & { difference: number }) | null;
  incrementalRevenueFen: (Interval & { estimate: number }) | null;
  sampleSizeNeeded: number | null;
  verdict: Verdict;
  /** the verdict in words (English; the dashboard words it per language by the verdict code) */
  words: string;
  /** A/B variants are shown side by side; no winner is picked on a peek */
  variantNote: string;
};

const armOf = (rows: readonly RecipientOutcome[]): ArmResult => {
  const count = (f: (r: RecipientOutcome) => boolean) => rows.filter(f).length;
  const visited = count((r) => r.visited);
  return { n: rows.length, delivered: count((r) => r.delivered), optOuts: count((r) => r.optedOut), booked: count((r) => r.booked), visited, revenueFen: rows.reduce((s, r) => s + r.revenueFen, 0), redemptions: count((r) => r.redeemed), responseRate: rows.length ? visited / rows.length : 0 };
};

const wordsFor: Record<Verdict, string> = {
  'no-holdout': 'No holdout: what the campaign changed cannot be measured.',
  'window-open': 'Not yet conclusive: the attribution window is still open.',
  'too-small': 'Not conclusive: the audience is smaller than the sample size needed to see a lift of 2 points.',
  'conclusive-lift': 'Conclusive: the treated visited more than the holdout (the 95% interval is above zero).',
  'conclusive-no-lift': 'Conclusive: no lift; the 95% interval does not exclude zero although the sample was large enough.',
  inconclusive: 'Not conclusive: the 95% interval still includes zero.',
};

export const campaignResults = (rows: readonly RecipientOutcome[], options: { windowClosed: boolean; seed?: number }): CampaignResults => {
  const holdoutRows = rows.filter((r) => r.arm === 'holdout');
  const treatedRows = rows.filter((r) => r.arm === 'treated');
  const holdout = armOf(holdoutRows);
  const treated = armOf(treatedRows);
  const variants: Record<string, ArmResult> = {};
  for (const key of [...new Set(treatedRows.map((r) => r.variant ?? 'A'))].sort()) variants[key] = armOf(treatedRows.filter((r) => (r.variant ?? 'A') === key));
  const measurable = holdout.n > 0 && treated.n > 0;
  const lift = measurable ? newcombeInterval(treated.visited, treated.n, holdout.visited, holdout.n) : null;
  const incremental = measurable ? incrementalRevenue(treatedRows.map((r) => r.revenueFen), holdoutRows.map((r) => r.revenueFen), { seed: options.seed ?? 12 }) : null;
  const holdoutPercent = rows.length ? (holdout.n / rows.length) * 100 : 0;
  const need = measurable ? requiredAudience({ baseRate: Math.max(0.01, holdout.responseRate), lift: 0.02, holdoutPercent }).total : null;
  let verdict: Verdict;
  if (!measurable || !lift) verdict = 'no-holdout';
  else if (!options.windowClosed) verdict = 'window-open';
  else if (lift.low > 0) verdict = 'conclusive-lift';
  else if (need !== null && rows.length < need) verdict = 'too-small';
  else verdict = lift.high < 0.02 ? 'conclusive-no-lift' : 'inconclusive';
  return {
    holdout, treated, variants, lift, incrementalRevenueFen: incremental, sampleSizeNeeded: need !== null && Number.isFinite(need) ? need : null, verdict, words: wordsFor[verdict],
    variantNote: Object.keys(variants).length > 1 ? 'Variants are shown side by side; none is called a winner until the window closes and its own interval excludes the others.' : '',
  };
};
