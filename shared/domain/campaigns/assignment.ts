/**
 * Who in a campaign's audience is held out and which variant the others get. Assigned per
 * household (one shared phone = one unit), from a hash of the campaign id and the household key:
 * stable (the same household lands in the same arm on every run, resume and recurrence of the
 * campaign), independent between campaigns, and uniform. The runner also records each
 * assignment, so what a household got is remembered even if the split is later edited.
 */

export type VariantSplit = { key: string; percent: number };
export type Arm = { arm: 'holdout' } | { arm: 'treated'; variant: string };

const buckets = 10_000;

/** cyrb53: a fast, well-mixed 53-bit string hash that runs the same in Node and the browser. */
export const hash53 = (text: string, seed = 0): number => {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
};

/** The household's bucket in [0, 10 000) for this campaign. */
export const bucketOf = (campaignId: string, householdKey: string): number => hash53(`${campaignId}\u0000${householdKey}`) % buckets;

/**
 * The first `holdoutPercent` of the buckets are held out; the rest is cut into the variants in
 * order of their split (percentages of the treated, summing to 100).
 */
export const assignArm = (input: { campaignId: string; householdKey: string; holdoutPercent: number; variants: readonly VariantSplit[] }): Arm => {
  const bucket = bucketOf(input.campaignId, input.householdKey);
  const holdoutBuckets = Math.round(input.holdoutPercent * 100);
  if (bucket < holdoutBuckets) return { arm: 'holdout' };
  // Re-spread the treated buckets over [0, 1) so the variants' split is of the treated only.
  const position = (bucket - holdoutBuckets) / (buckets - holdoutBuckets);
  let edge = 0;
  for (const variant of input.variants) {
    edge += variant.percent / 100;
    if (position < edge) return { arm: 'treated', variant: variant.key };
  }
  const last = input.variants[input.variants.length - 1];
  return { arm: 'treated', variant: last?.key ?? 'A' };
};
