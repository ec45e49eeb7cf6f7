import { ApiError } from '../../api/api-error';
import type { SmileloopApi } from '../../api/smileloop-api';
import type { AutomationSettings, StoredAutomationSettings } from '../../api/types';
import { FieldErrors } from '../../forms/field-errors.svelte';
import { translateFieldMessage } from '../../i18n/field-messages';
import type { MessageKey } from '../../i18n/zh-cn';
import type { MessageParams } from '../../i18n/i18n.svelte';

type Translate = (key: MessageKey, params?: MessageParams) => string;

/** The sections of the settings; an error under any of them is shown next to its field. */
export const settingsSections = [
  'appointmentReminders', 'care', 'recall', 'reactivation', 'birthday', 'holidays', 'installment', 'renewal', 'marketing',
  'memberCheckup', 'memberBenefits', 'lowBalance',
] as const satisfies ReadonlyArray<keyof AutomationSettings>;

/**
 * The chain's automation settings as read, edited in place, and saved with the version they were
 * read at: a 409 means someone else saved meanwhile, a 400 names the `settings.…` path at fault.
 */
export class AutomationSettingsForm {
  readonly #api: SmileloopApi;
  readonly #t: Translate;
  readonly errors = new FieldErrors();

  settings = $state<AutomationSettings | null>(null);
  version = $state(0);
  updatedAt = $state<string | undefined>(undefined);
  loading = $state(false);
  saving = $state(false);
  saved = $state(false);
  conflict = $state(false);
  failure = $state<unknown>(null);
  #savedJson = $state('');

  constructor(api: SmileloopApi, t: Translate) {
    this.#api = api;
    this.#t = t;
  }

  get dirty(): boolean {
    return this.settings !== null && JSON.stringify(this.settings) !== this.#savedJson;
  }

  /** The translated message for a settings path (`recall.template`), or one nested under it. */
  error = (path: string): string | undefined => {
    const raw = this.errors.under(`settings.${path}`);
    return raw === undefined ? undefined : translateFieldMessage(raw, this.#t);
  };

  /** Errors no field shows: the body as a whole, or a path the page does not have. */
  get unplaced(): Array<[string, string]> {
    return this.errors
      .unplaced(settingsSections.map((s) => `settings.${s}`))
      .filter(([path]) => path !== 'version')
      .map(([path, message]) => [path, translateFieldMessage(message, this.#t)]);
  }

  async load(): Promise<void> {
    this.loading = true;
    this.failure = null;
    try {
      this.#accept(await this.#api.getAutomations());
      this.conflict = false;
      this.saved = false;
      this.errors.clear();
    } catch (error) {
      this.failure = error;
    } finally {
      this.loading = false;
    }
  }

  async save(): Promise<void> {
    if (!this.settings || this.saving) return;
    this.saving = true;
    this.saved = false;
    this.failure = null;
    this.errors.clear();
    try {
      this.#accept(await this.#api.saveAutomations(this.version, $state.snapshot(this.settings)));
      this.saved = true;
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) this.conflict = true;
      else if (!this.errors.setFromApi(error)) this.failure = error;
    } finally {
      this.saving = false;
    }
  }

  #accept(stored: StoredAutomationSettings): void {
    this.settings = stored.settings;
    this.version = stored.version;
    this.updatedAt = stored.updatedAt;
    this.#savedJson = JSON.stringify(stored.settings);
  }
}
