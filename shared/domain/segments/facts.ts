/**
 * The compact per-patient facts that segments, campaigns and the nightly patient base read
 * (issue 12 items 1 and 5). One SegmentFacts per patient, kept up to date by the records that
 * change it (checkout, void, appointments, consent, membership, stored value, import, merge), so
 * counting a segment reads these facts and never walks profiles. Pure: no AWS, no I/O.
 *
 * Contract shared by the facts store (functions/adapters/dynamo/segment-facts-repository.ts),
 * the segment evaluator (shared/domain/segments/) and the campaign runner. Days are the clinic's
 * local `YYYY-MM-DD`. No names, phones, notes or medical fields: the household key is a keyed
 * hash of the phone, so one shared phone is one unit for holdouts and one message a day.
 */
import type { AcquisitionChannel, Gender } from '../../schemas/patient.js';
import type { ProcedureCategory } from '../../schemas/catalog.js';

export const membershipFactStatuses = ['active', 'lapsed', 'cancelled'] as const;
export type MembershipFactStatus = (typeof membershipFactStatuses)[number];

export type SegmentFacts = {
  patientId: string;
  /** the patient's home clinic */
  clinicId: string;
  householdKey: string;
  gender: Gender;
  birthDate?: string;
  channel: AcquisitionChannel;
  /** referrerKeyOf(profile.referrer) from shared/domain/kpi */
  referrerKey?: string;
  tags: string[];
  firstVisitDay?: string;
  lastVisitDay?: string;
  visitCount: number;
  totalSpendFen: number;
  /** days of paid visits in the last 24 months, for RFM frequency; oldest first */
  recentVisitDays: string[];
  /** categories and procedures ever checked out */
  categories: ProcedureCategory[];
  procedureIds: string[];
  /** for the lifecycle stage (shared/domain/lifecycle.ts) */
  lastCategories?: ProcedureCategory[];
  lastCarePathwayUntil?: string;
  /** earliest open recall due day */
  nextRecallDue?: string;
  /** day of the next booked (not cancelled, not past) appointment */
  nextAppointmentDay?: string;
  membership?: { status: MembershipFactStatus; planId: string; endDay: string };
  storedValueFen: number;
  marketingConsent: boolean;
  careConsent: boolean;
  openComplaint: boolean;
  optedOut: boolean;
  deceased: boolean;
  /**
   * For the nightly patient base only (not a segment condition): the paid visits of the last
   * 25 months as UTC instants with their amounts (RFM's M, the heatmap's hours) and the visit's
   * clinic when not the home clinic; oldest first.
   */
  recentVisits?: { at: string; fen: number; clinicId?: string }[];
  /** For recall compliance: the recall dues of the last two years and the current ones. */
  recallDues?: { group: string; dueDate: string }[];
};

/** One member of a campaign's audience, as the runner needs it. */
export type AudienceMember = Pick<SegmentFacts, 'patientId' | 'clinicId' | 'householdKey'>;
