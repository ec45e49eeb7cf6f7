import { ApiError } from '../api/api-error';
import type { FieldErrors } from './field-errors.svelte';

/**
 * A dialog's save: busy while it runs; a 409 on `version` (someone else saved first) sets `stale`
 * so the dialog offers a reload; fields the API names go to the form's errors; anything else is
 * the `failure` shown above the form. One place for what every editing dialog does on submit.
 */
export class SaveState {
  busy = $state(false);
  stale = $state(false);
  failure = $state<unknown>(null);
  readonly #errors: FieldErrors;

  constructor(errors: FieldErrors) {
    this.#errors = errors;
  }

  /** Resolves true when `work` saved (it returns false when the form's own check refused). */
  async run(work: () => Promise<boolean>): Promise<boolean> {
    this.#errors.clear();
    this.failure = null;
    this.busy = true;
    try {
      return await work();
    } catch (error) {
      if (error instanceof ApiError && error.isStaleVersion) this.stale = true;
      else if (!this.#errors.setFromApi(error)) this.failure = error;
      return false;
    } finally {
      this.busy = false;
    }
  }
}
