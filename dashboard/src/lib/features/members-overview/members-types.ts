/** What GET /members/overview and the member lists answer (shared/schemas/member-numbers.ts). */
export type Liability = {
  clinicId: string;
  unearnedFeesFen: number;
  storedValuePrincipalFen: number;
  storedValueBonusFen: number;
  lastQuarter: { endMonth: string; prepaidFen: number };
  reserveFen: number;
};

export type MembersOverview = {
  from: string;
  to: string;
  asOf: string;
  totals: { activeCards: number; activePeople: number; newCards: number; renewed: number; lapsed: number; cancelled: number; renewalRate: number | null; feeSoldFen: number };
  recognisedByMonth: { month: string; fen: number }[];
  clinics: {
    clinicId: string; name: string; activeCards: number; newCards: number; renewed: number; lapsed: number; feeSoldFen: number;
    storedValue: { topUps: number; topUpFen: number; bonusFen: number; spentFen: number; refundFen: number };
  }[];
  staff: { userId: string; name: string; cards: number; feeFen: number; topUps: number; topUpFen: number }[];
  renewalsDueIn90Days: number;
  usage: MemberUsage | null;
  liability: { reservePercent: number; reserveVersion: number; packsInReserve?: boolean; clinics: Liability[]; total: Omit<Liability, 'clinicId'> };
  notes: string[];
};

export type MemberListRow = { membershipId: string; holderPatientId: string; holderName: string; phone?: string; people: number; planName: string; endDate: string; clinicId: string };

export type VisitGroup = { patients: number; visits: number; spendFen: number };
/** The nightly figures (shared/domain/members/usage.ts): members vs the others, and entitlement use this term. */
export type MemberUsage = {
  asOfDay: string;
  sinceDay: string;
  computedAt: string;
  visits: { clinicId: string; members: VisitGroup; others: VisitGroup }[];
  chain: { members: VisitGroup; others: VisitGroup };
  entitlements: { clinicId: string; key: string; procedureCode: string; basis: 'term' | 'month' | 'member'; used: number; available: number; cards: number }[];
};
