import type { FamilyView, MembershipView, WalletView } from '../../api/members-api';
import type { SmileloopApi } from '../../api/smileloop-api';
import type { PricedProcedure } from '../../api/types';

/**
 * What the member card shows of one patient: their cards, their stored value (for the roles that
 * handle money), their family (to name members and offer them on a sale) and the clinic's catalog
 * (to name entitlements). Each part fails alone: a dentist without wallet access still sees cards.
 */
export class MemberCardState {
  readonly #api: SmileloopApi;
  readonly #patientId: string;

  memberships = $state<MembershipView[]>([]);
  wallet = $state<WalletView | null>(null);
  family = $state<FamilyView>(null);
  procedures = $state<PricedProcedure[]>([]);
  loaded = $state(false);
  error = $state<unknown>(null);

  constructor(api: SmileloopApi, patientId: string) {
    this.#api = api;
    this.#patientId = patientId;
  }

  async load(options: { withWallet: boolean; clinicId: string }): Promise<void> {
    this.error = null;
    try {
      const [memberships, wallet, family] = await Promise.all([
        this.#api.members.patientMemberships(this.#patientId),
        options.withWallet ? this.#api.members.wallet(this.#patientId) : Promise.resolve(null),
        this.#api.members.family(this.#patientId).catch(() => ({ family: null })),
      ]);
      this.memberships = memberships.items;
      this.wallet = wallet;
      this.family = family.family;
      this.loaded = true;
    } catch (error) {
      this.error = error;
    }
    // names only: the card works with codes when the catalog is not readable
    this.procedures = await this.#api.listProcedures(options.clinicId).then((r) => r.items, () => []);
  }

  async moreLedger(): Promise<void> {
    if (!this.wallet?.cursor) return;
    const next = await this.#api.members.wallet(this.#patientId, { cursor: this.wallet.cursor });
    this.wallet = { ...next, entries: [...this.wallet.entries, ...next.entries] };
  }

  /** Family members other staff may see, with id and name, the patient themself excluded. */
  get relatives(): { patientId: string; name: string; relation: string }[] {
    return (this.family?.members ?? []).flatMap((m) => (m.patientId && m.name && m.patientId !== this.#patientId ? [{ patientId: m.patientId, name: m.name, relation: m.relation }] : []));
  }

  nameOf(patientId: string, selfName: string): string {
    if (patientId === this.#patientId) return selfName;
    return this.family?.members.find((m) => m.patientId === patientId)?.name ?? '';
  }
}
