import type { Clinic, Me } from '../api/types';

const defaultTimeZone = 'Asia/Shanghai';

/** The clinic the user works in right now; remembered per user on this browser. */
export class ClinicChoice {
  readonly clinics: Clinic[];
  readonly #storageKey: string;
  clinicId = $state('');

  constructor(me: Me) {
    this.clinics = me.clinics;
    this.#storageKey = `smileloop.clinic.${me.tenantId}.${me.userId}`;
    let stored: string | null = null;
    try {
      stored = localStorage.getItem(this.#storageKey);
    } catch {
      stored = null;
    }
    this.clinicId = this.clinics.some((c) => c.clinicId === stored) ? (stored ?? '') : (this.clinics[0]?.clinicId ?? '');
  }

  get current(): Clinic | undefined {
    return this.clinics.find((c) => c.clinicId === this.clinicId);
  }

  select(clinicId: string): void {
    if (!this.clinics.some((c) => c.clinicId === clinicId)) return;
    this.clinicId = clinicId;
    try {
      localStorage.setItem(this.#storageKey, clinicId);
    } catch {
      // remembered for this page only
    }
  }

  name(clinicId: string): string {
    return this.clinics.find((c) => c.clinicId === clinicId)?.name ?? clinicId;
  }

  timeZone(clinicId?: string): string {
    return this.clinics.find((c) => c.clinicId === (clinicId ?? this.clinicId))?.timeZone ?? defaultTimeZone;
  }
}
