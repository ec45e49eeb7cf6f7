import { ApiError } from '../api/api-error';

type Issue = { path: readonly PropertyKey[]; message: string };

/**
 * Messages per schema path (`lines.0.procedureId`, `payments.0.schedule.1.dueDate`), from the
 * shared zod schema in the browser or from the API's 400/409 `fields`.
 */
export class FieldErrors {
  map = $state<Record<string, string>>({});

  get any(): boolean {
    return Object.keys(this.map).length > 0;
  }

  /** The message for exactly this path. */
  at(path: string): string | undefined {
    return this.map[path];
  }

  /** This path's message, or the first one nested under it (`teeth` shows `teeth.1`). */
  under(path: string): string | undefined {
    if (this.map[path]) return this.map[path];
    const nested = Object.keys(this.map).find((key) => key.startsWith(`${path}.`));
    return nested ? this.map[nested] : undefined;
  }

  setIssues(issues: readonly Issue[]): void {
    const next: Record<string, string> = {};
    for (const issue of issues) next[issue.path.map(String).join('.')] ??= issue.message;
    this.map = next;
  }

  /** True when the API named fields; the caller shows anything else as a general failure. */
  setFromApi(error: unknown): boolean {
    if (!(error instanceof ApiError) || error.fields.length === 0 || ![400, 409, 413].includes(error.status)) return false;
    this.setIssues(error.fields.map((f) => ({ path: f.path === '' ? [] : f.path.split('.'), message: f.message })));
    return true;
  }

  set(path: string, message: string): void {
    this.map = { ...this.map, [path]: message };
  }

  clear(path?: string): void {
    if (path === undefined) {
      this.map = {};
      return;
    }
    const stale = Object.keys(this.map).filter((key) => key === path || key.startsWith(`${path}.`));
    if (stale.length === 0) return;
    const next = { ...this.map };
    for (const key of stale) delete next[key];
    this.map = next;
  }

  /** Messages no field on screen shows (the whole body, a path the form does not have). */
  unplaced(shown: readonly string[]): Array<[string, string]> {
    return Object.entries(this.map).filter(([path]) => !shown.some((s) => path === s || path.startsWith(`${s}.`)));
  }
}
