import type * as z from 'zod';
import { codeOfIssue, paramsOfIssue } from '$shared/schemas/error-codes';
import { ApiError } from '../api/api-error';
import type { FieldIssue } from '../i18n/field-messages';

type ZodIssue = z.core.$ZodIssue;

/** A zod issue from the shared schema in the browser, with the code the API would give it. */
export const fieldIssueOfZod = (issue: ZodIssue): FieldIssue => {
  const params = paramsOfIssue(issue);
  return { message: issue.message, code: codeOfIssue(issue), ...(params ? { params } : {}) };
};

/** The API's `fields` as issues per path. */
export const apiFieldIssues = (error: ApiError): Array<{ path: string; issue: FieldIssue }> =>
  error.fields.map(({ path, ...issue }) => ({ path, issue }));

/**
 * Errors per schema path (`lines.0.procedureId`, `payments.0.schedule.1.dueDate`), from the
 * shared zod schema in the browser or from the API's 400/409 `fields`, each with its code so the
 * screen words it in the chosen language (translateFieldMessage).
 */
export class FieldErrors {
  map = $state<Record<string, FieldIssue | string>>({});

  get any(): boolean {
    return Object.keys(this.map).length > 0;
  }

  /** The error at exactly this path. */
  at(path: string): FieldIssue | string | undefined {
    return this.map[path];
  }

  /** This path's error, or the first one nested under it (`teeth` shows `teeth.1`). */
  under(path: string): FieldIssue | string | undefined {
    if (this.map[path]) return this.map[path];
    const nested = Object.keys(this.map).find((key) => key.startsWith(`${path}.`));
    return nested ? this.map[nested] : undefined;
  }

  setIssues(issues: readonly ZodIssue[]): void {
    const next: Record<string, FieldIssue> = {};
    for (const issue of issues) next[issue.path.map(String).join('.')] ??= fieldIssueOfZod(issue);
    this.map = next;
  }

  /** True when the API named fields; the caller shows anything else as a general failure. */
  setFromApi(error: unknown): boolean {
    if (!(error instanceof ApiError) || error.fields.length === 0 || ![400, 409, 413].includes(error.status)) return false;
    const next: Record<string, FieldIssue> = {};
    for (const { path, issue } of apiFieldIssues(error)) next[path] ??= issue;
    this.map = next;
    return true;
  }

  /** A problem the form found itself: already in words, or an issue to word. */
  set(path: string, problem: FieldIssue | string): void {
    this.map = { ...this.map, [path]: problem };
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

  /** Errors no field on screen shows (the whole body, a path the form does not have). */
  unplaced(shown: readonly string[]): Array<[string, FieldIssue | string]> {
    return Object.entries(this.map).filter(([path]) => !shown.some((s) => path === s || path.startsWith(`${s}.`)));
  }
}
