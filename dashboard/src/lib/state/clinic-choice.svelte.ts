import type { Clinic, Me } from '../api/types';

const defaultTimeZone = 'Asia/Shanghai';

/**
 * The clinic the user works in right now, remembered per user on this browser: the one source
 * of truth for the header's clinic picker and every page that reads a clinic (issue 13: the
 * header and the overview disagreed). Pages that can show several clinics at once (the
 * overview) set `offersAll` while open; the picker then also offers "all my clinics" (`wide`),
 * and such a page reads `scope`.
 */
export class ClinicChoice {
  readonly clinics: Clinic[];
  readonly #storageKey: string;
  clinicId = $state('');
  /** "all my clinics" chosen, for pages that offer it; remembered like the clinic */
  wide = $state(false);
  /** true while a page that can show several clinics is open */
  offersAll = $state(false);

  constructor(me: Me) {
    this.clinics = me.clinics;
    this.#storageKey = `smileloop.clinic.${me.tenantId}.${me.userId}`;
    const stored = this.#read(this.#storageKey);
    this.clinicId = this.clinics.some((c) => c.clinicId === stored) ? (stored ?? '') : (this.clinics[0]?.clinicId ?? '');
    // Someone with several clinics starts on all of them, as the overview always did.
    const wide = this.#read(`${this.#storageKey}.wide`);
    this.wide = this.clinics.length > 1 && wide !== '0';
  }

  get current(): Clinic | undefined {
    return this.clinics.find((c) => c.clinicId === this.clinicId);
  }

  /** What a page that can show several clinics reads: '' for all of the user's clinics, else one. */
  get scope(): string {
    return this.offersAll && this.wide && this.clinics.length > 1 ? '' : this.clinicId;
  }

  /** One clinic, or '' for all of them (where a page offers that). */
  select(clinicId: string): void {
    if (clinicId === '') {
      if (this.clinics.length < 2) return;
      this.wide = true;
      this.#write(`${this.#storageKey}.wide`, '1');
      return;
    }
    if (!this.clinics.some((c) => c.clinicId === clinicId)) return;
    this.clinicId = clinicId;
    this.wide = false;
    this.#write(this.#storageKey, clinicId);
    this.#write(`${this.#storageKey}.wide`, '0');
  }

  name(clinicId: string): string {
    return this.clinics.find((c) => c.clinicId === clinicId)?.name ?? clinicId;
  }

  timeZone(clinicId?: string): string {
    return this.clinics.find((c) => c.clinicId === (clinicId ?? this.clinicId))?.timeZone ?? defaultTimeZone;
  }

  #read(key: string): string | null {
    try {
      return localStorage.getItem(key);
    } catch {
      return null;
    }
  }

  #write(key: string, value: string): void {
    try {
      localStorage.setItem(key, value);
    } catch {
      // remembered for this page only
    }
  }
}
