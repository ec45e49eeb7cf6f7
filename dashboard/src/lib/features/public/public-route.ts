/** `#/p/survey/<token>` and `#/p/intake/<token>`: the pages a patient opens from a link, without signing in. */
export type PublicRoute = { kind: 'survey' | 'intake'; token: string };

export const publicRouteOf = (hash: string): PublicRoute | undefined => {
  const match = /^#\/p\/(survey|intake)\/([^/?#]+)$/.exec(hash);
  if (!match?.[1] || !match[2]) return undefined;
  try {
    return { kind: match[1] === 'survey' ? 'survey' : 'intake', token: decodeURIComponent(match[2]) };
  } catch {
    return undefined;
  }
};
