/** Name search works by prefix over a folded form: full-width to half-width, case, spaces. */
export const foldName = (name: string): string => name.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
