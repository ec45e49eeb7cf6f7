/**
 * The statistics behind "honest lift": the sample size a holdout needs to show a lift (power of a
 * two-proportion test), Newcombe's hybrid score interval for a difference of proportions
 * (Newcombe 1998, method 10: Wilson intervals of each rate combined), and a seeded percentile
 * bootstrap for incremental revenue. Pure and deterministic.
 */

/** Inverse of the standard normal CDF (Acklam's rational approximation, |error| < 1.2e-9). */
export const normalQuantile = (p: number): number => {
  if (p <= 0 || p >= 1) throw new RangeError('p must be in (0, 1)');
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const tail = (q: number) => (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  if (p < 0.02425) return tail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - 0.02425) return -tail(Math.sqrt(-2 * Math.log(1 - p)));
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
};

export type Interval = { low: number; high: number };

/** Wilson score interval for x successes in n (no continuity correction). */
export const wilsonInterval = (x: number, n: number, confidence = 0.95): Interval => {
  if (n === 0) return { low: 0, high: 1 };
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const p = x / n;
  const z2 = z * z;
  const centre = p + z2 / (2 * n);
  const spread = z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  const denominator = 1 + z2 / n;
  return { low: Math.max(0, (centre - spread) / denominator), high: Math.min(1, (centre + spread) / denominator) };
};

/** Newcombe's hybrid score interval for p1 − p2 (x1 of n1 treated, x2 of n2 held out). */
export const newcombeInterval = (x1: number, n1: number, x2: number, n2: number, confidence = 0.95): Interval & { difference: number } => {
  const p1 = n1 ? x1 / n1 : 0;
  const p2 = n2 ? x2 / n2 : 0;
  const w1 = wilsonInterval(x1, n1, confidence);
  const w2 = wilsonInterval(x2, n2, confidence);
  const difference = p1 - p2;
  return {
    difference,
    low: difference - Math.sqrt((p1 - w1.low) ** 2 + (w2.high - p2) ** 2),
    high: difference + Math.sqrt((w1.high - p1) ** 2 + (p2 - w2.low) ** 2),
  };
};

export type PowerInput = {
  /** the holdout's expected response rate, e.g. 0.05 */
  baseRate: number;
  /** the absolute lift to detect, e.g. 0.02 (5% → 7%) */
  lift: number;
  /** the share of the audience held out, in percent */
  holdoutPercent: number;
  alpha?: number;
  power?: number;
};

/**
 * The audience (treated + held out) a two-sided two-proportion z-test needs to detect `lift`
 * with the given power, for an unequal split (Fleiss, Statistical Methods for Rates and
 * Proportions, 3rd ed. §4.4). Infinity when it cannot be detected (no holdout, no lift).
 */
export const requiredAudience = ({ baseRate, lift, holdoutPercent, alpha = 0.05, power = 0.8 }: PowerInput): { total: number; holdout: number; treated: number } => {
  const p2 = baseRate;
  const p1 = Math.min(0.999999, baseRate + lift);
  if (holdoutPercent <= 0 || holdoutPercent >= 100 || lift <= 0) return { total: Infinity, holdout: Infinity, treated: Infinity };
  const r = (100 - holdoutPercent) / holdoutPercent;
  const pBar = (r * p1 + p2) / (r + 1);
  const za = normalQuantile(1 - alpha / 2);
  const zb = normalQuantile(power);
  const root = za * Math.sqrt(pBar * (1 - pBar) * (1 + 1 / r)) + zb * Math.sqrt(p2 * (1 - p2) + (p1 * (1 - p1)) / r);
  const holdout = Math.ceil((root * root) / ((p1 - p2) * (p1 - p2)));
  const treated = Math.ceil(holdout * r);
  return { total: holdout + treated, holdout, treated };
};

/** mulberry32: a small seeded generator, so a results page shows the same interval every time. */
export const seededRandom = (seed: number): (() => number) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

const meanOfResample = (values: readonly number[], random: () => number): number => {
  if (values.length === 0) return 0;
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[Math.floor(random() * values.length)]!;
  return sum / values.length;
};

/**
 * Incremental revenue (fen) of the treated: (mean per treated − mean per held out) × treated,
 * with a percentile bootstrap interval; each arm resampled on its own. Rounded to whole fen.
 */
export const incrementalRevenue = (treated: readonly number[], holdout: readonly number[], options: { resamples?: number; seed?: number; confidence?: number } = {}): Interval & { estimate: number } => {
  const { resamples = 1000, seed = 12, confidence = 0.95 } = options;
  const mean = (v: readonly number[]) => (v.length ? v.reduce((s, x) => s + x, 0) / v.length : 0);
  const estimate = Math.round((mean(treated) - mean(holdout)) * treated.length);
  if (treated.length === 0 || holdout.length === 0) return { estimate, low: -Infinity, high: Infinity };
  const random = seededRandom(seed);
  const draws: number[] = [];
  for (let b = 0; b < resamples; b++) draws.push((meanOfResample(treated, random) - meanOfResample(holdout, random)) * treated.length);
  draws.sort((x, y) => x - y);
  const at = (q: number) => draws[Math.min(draws.length - 1, Math.max(0, Math.floor(q * draws.length)))]!;
  return { estimate, low: Math.round(at((1 - confidence) / 2)), high: Math.round(at(1 - (1 - confidence) / 2)) };
};
