/**
 * A page that the caller may see only part of (another clinic's rows, the recipients of a
 * campaign aimed by treatment): when a whole stored page is withheld, the next one is read, a few
 * at most, so a list never comes back empty while more rows follow. The cursor is the last stored
 * page's: nothing is skipped and nothing repeats.
 */
export type StoredPage<T> = { items: T[]; cursor?: string };

/** Stored pages read at most per request: a bound on the cost when most rows are withheld. */
const maxReads = 5;

export const firstShownPage = async <T>(read: (cursor: string | undefined) => Promise<StoredPage<T>>, shown: (item: T) => boolean, cursor: string | undefined): Promise<StoredPage<T>> => {
  let next = cursor;
  for (let reads = 1; ; reads += 1) {
    const page = await read(next);
    const items = page.items.filter(shown);
    if (items.length > 0 || page.cursor === undefined || reads >= maxReads) return { items, ...(page.cursor ? { cursor: page.cursor } : {}) };
    next = page.cursor;
  }
};
