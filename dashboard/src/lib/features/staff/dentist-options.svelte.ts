import { ApiError } from '../../api/api-error';
import type { SmileloopApi } from '../../api/smileloop-api';
import type { Me, Role } from '../../api/types';

/** A view-model, not BookableStaff: options also come from the schedule's snapshots and from `me`. */
export type DentistOption = { userId: string; name: string; role: Role };

/** Who treats (checkDentist on the server): dentists, and managers or owners who also treat. */
const treats: readonly Role[] = ['dentist', 'manager', 'owner'];
const order: Record<Role, number> = { dentist: 0, manager: 1, owner: 2, frontdesk: 3, marketing: 4 };

/**
 * The dentists a booking or checkout can name, from GET /clinics/{id}/dentists; if that cannot
 * be read, those seen on the schedule (and the user, if they treat), and a staff-ID box.
 */
export class DentistOptions {
  readonly #api: SmileloopApi;
  readonly #me: Me;
  #staff: DentistOption[] = [];

  list = $state<DentistOption[]>([]);
  /** the staff list could not be read: the picker also offers a staff-ID box */
  restricted = $state(false);
  loaded = $state(false);

  constructor(api: SmileloopApi, me: Me) {
    this.#api = api;
    this.#me = me;
  }

  async load(clinicId: string): Promise<void> {
    this.restricted = false;
    try {
      const { items } = await this.#api.listDentists(clinicId);
      this.#staff = items
        .filter((s) => treats.includes(s.role))
        .map((s) => ({ userId: s.userId, name: s.displayName, role: s.role }))
        .sort((a, b) => order[a.role] - order[b.role] || a.name.localeCompare(b.name, 'zh-CN'));
    } catch (error) {
      if (!(error instanceof ApiError) || (error.status !== 403 && error.status !== 404)) throw error;
      this.restricted = true;
    }
    if (this.restricted && treats.includes(this.#me.role)) {
      this.#staff = [{ userId: this.#me.userId, name: this.#me.displayName, role: this.#me.role }];
    }
    this.list = [...this.#staff];
    this.loaded = true;
  }

  /** Adds dentists the schedule shows (the only source when the staff list is not readable). */
  see(seen: ReadonlyArray<{ dentistId: string; dentistName: string }>): void {
    const next = [...this.list];
    for (const s of seen) {
      if (!next.some((d) => d.userId === s.dentistId)) next.push({ userId: s.dentistId, name: s.dentistName, role: 'dentist' });
    }
    if (next.length !== this.list.length) this.list = next;
  }

  /** The staff list's dentists (not those merely seen), for the grid's empty columns. */
  get fromStaff(): DentistOption[] {
    return this.restricted ? [] : this.#staff.filter((d) => d.role === 'dentist');
  }

  name(userId: string): string | undefined {
    return this.list.find((d) => d.userId === userId)?.name;
  }
}
