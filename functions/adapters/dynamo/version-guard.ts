/**
 * Optimistic concurrency for mutable records (invariant 11): an update holds only at the version
 * it was read at and bumps it. A record stored before versions existed has none and counts as 0.
 */
export type VersionGuard = {
  condition: string;
  set: string;
  names: Record<string, string>;
  values: Record<string, number>;
};

export const versionGuard = (versionRead: number): VersionGuard => ({
  condition: versionRead === 0 ? '(attribute_not_exists(#ver) OR #ver = :verRead)' : '#ver = :verRead',
  set: '#ver = :verNext',
  names: { '#ver': 'version' },
  values: { ':verRead': versionRead, ':verNext': versionRead + 1 },
});

/** The stored version of an item read from the table (0 when it predates versions). */
export const storedVersion = (item: Record<string, unknown>): number => Number(item.version ?? 0);
