/**
 * Intake questionnaires (seed 000 strategy 1) and leads: a clinic posts a public link on its
 * Dianping/Meituan page or elsewhere, a person answers, the lead waits for a call, and staff
 * convert it into a patient exactly once.
 */
import { announceTrigger } from './trigger-events.js';
import { leadConvertedEvent } from '../../shared/schedules.js';
import { ulid } from 'ulid';
import { canSeeClinic, type Caller } from '../../shared/domain/access.js';
import { DomainError, notFound } from '../../shared/domain/errors.js';
import { patientInputFromLead, publicIntakeForm, type LeadRecord } from '../../shared/domain/intake.js';
import type { PatientRecord } from '../../shared/domain/patient.js';
import type { IntakeLink, IntakeLinkCreate, IntakeLinkListQuery, IntakeSubmission, Page, PublicIntakeForm } from '../../shared/schemas/engagement.js';
import {
  claimLead,
  completeLeadConversion,
  countIntakePost,
  getIntakeLink,
  getLead,
  putNewIntakeLink,
  putNewLead,
  queryIntakeLinks,
  releaseLead,
  type IntakeLinkRecord,
} from '../adapters/dynamo/engagement-lead-repository.js';
import { getClinic } from '../adapters/dynamo/org-repository.js';
import { queryPatients } from '../adapters/dynamo/patient-repository.js';
import { clinicForList, clinicFromBody } from './engagement-clinics.js';
import { newPublicLink, publicLinkFrom } from './engagement-public-links.js';
import { createPatient, readPatient } from './patient-service.js';

export const publicIntakePath = (token: string) => `/public/intake/${token}`;

const presentLink = (link: IntakeLinkRecord): IntakeLink => ({ ...link, path: publicIntakePath(link.token) });

export const createIntakeLink = async (caller: Caller, input: IntakeLinkCreate): Promise<IntakeLink> => {
  await clinicFromBody(caller, input.clinicId);
  const { linkHash, token } = newPublicLink(caller.tenantId);
  const link: IntakeLinkRecord = {
    linkId: ulid(),
    clinicId: input.clinicId,
    label: input.label,
    channel: input.channel,
    token,
    leadCount: 0,
    createdAt: new Date().toISOString(),
    createdBy: caller.userId,
  };
  await putNewIntakeLink(caller.tenantId, linkHash, link);
  return presentLink(link);
};

export const findIntakeLinks = async (caller: Caller, query: IntakeLinkListQuery): Promise<Page<IntakeLink>> => {
  const clinic = await clinicForList(caller, query.clinicId);
  const page = await queryIntakeLinks(caller.tenantId, clinic.clinicId, query.limit, query.cursor);
  return { ...page, items: page.items.map(presentLink) };
};

const linkFromToken = async (token: string) => {
  const { tenantId, linkHash } = publicLinkFrom(token, 'intake form');
  const link = await getIntakeLink(tenantId, linkHash);
  if (!link) throw notFound('intake form');
  return { tenantId, linkHash, link };
};

export const readPublicIntakeForm = async (token: string): Promise<PublicIntakeForm> => {
  const { tenantId, link } = await linkFromToken(token);
  const clinic = await getClinic(tenantId, link.clinicId);
  return publicIntakeForm(clinic?.name ?? '');
};

/**
 * Posts one link takes a day (UTC). A clinic's busiest real day on one link is a few dozen leads
 * (a post on Dianping, a campaign QR code); past this it is a script, and the staff's lead list
 * and the table must not pay for it. The gateway's per-route throttle limits the rate; this limits
 * the total, per link, which a throttle spread over hours would not.
 */
export const intakePostsPerLinkPerDay = 200;

const rateLimited = () =>
  new DomainError('too-many-requests', `This form has taken its ${intakePostsPerLinkPerDay} answers for today; try again tomorrow`, [
    { path: 'token', message: 'has reached its daily limit', code: 'rate.limited', params: { limit: intakePostsPerLinkPerDay } },
  ]);

/** A new lead from the public form; the clinic and tenant come from the link, never the body. */
export const submitIntake = async (token: string, input: IntakeSubmission, now = new Date()): Promise<void> => {
  const { tenantId, linkHash, link } = await linkFromToken(token);
  // Counted before the lead is written: a post past the cap writes nothing but the refused count.
  if (!(await countIntakePost(tenantId, linkHash, now.toISOString().slice(0, 10), intakePostsPerLinkPerDay))) throw rateLimited();
  const lead: LeadRecord = {
    leadId: ulid(),
    clinicId: link.clinicId,
    linkId: link.linkId,
    name: input.name,
    phone: input.phone,
    budget: input.budget,
    priority: input.priority,
    interests: input.interests,
    ...(input.preferredTime ? { preferredTime: input.preferredTime } : {}),
    channel: link.channel,
    contactConsent: input.contactConsent,
    marketingConsent: input.marketingConsent,
    status: 'new',
    createdAt: new Date().toISOString(),
  };
  await putNewLead(tenantId, linkHash, lead);
};

/** A conversion that started this long ago died (a Lambda runs 10 s at most); it may be retried. */
const claimLifetimeMs = 60_000;

export type Conversion =
  | { kind: 'converted'; lead: LeadRecord; patient: PatientRecord }
  | { kind: 'already-converted'; patientId: string };

const readLead = async (caller: Caller, leadId: string): Promise<LeadRecord> => {
  const lead = await getLead(caller.tenantId, leadId);
  if (!lead || !canSeeClinic(caller, lead.clinicId)) throw notFound('lead');
  return lead;
};

/**
 * A patient created by a conversion that died before marking the lead: same clinic and phone,
 * created after that claim. Adopting it keeps a retried conversion from creating a second one.
 */
const patientOfInterruptedConversion = async (tenantId: string, lead: LeadRecord): Promise<string | undefined> => {
  if (lead.status !== 'converting' || !lead.claimedAt) return undefined;
  const { items } = await queryPatients(tenantId, { kind: 'phone', clinicId: lead.clinicId, prefix: lead.phone }, 20);
  const claimedAt = lead.claimedAt;
  return items.find((p) => p.phone === lead.phone && p.createdAt >= claimedAt)?.patientId;
};

/**
 * Creates the lead's patient exactly once: a conditional claim on the lead, createPatient, then
 * the lead marked converted under that claim. A second conversion gets the first one's patient.
 */
export const convertLead = async (caller: Caller, leadId: string): Promise<Conversion> => {
  const lead = await readLead(caller, leadId);
  if (lead.status === 'converted' && lead.patientId) return { kind: 'already-converted', patientId: lead.patientId };
  const now = Date.now();
  const claimedAt = new Date(now).toISOString();
  if (!(await claimLead(caller.tenantId, leadId, claimedAt, new Date(now - claimLifetimeMs).toISOString()))) {
    const latest = await readLead(caller, leadId);
    if (latest.status === 'converted' && latest.patientId) return { kind: 'already-converted', patientId: latest.patientId };
    throw new DomainError('conflict', 'leadId: this lead is being converted right now; reload in a moment', [{ path: 'leadId', message: 'conversion in progress', code: 'conflict.in_progress' }]);
  }
  let patient: PatientRecord;
  try {
    const adopted = await patientOfInterruptedConversion(caller.tenantId, lead);
    patient = adopted ? await readPatient(caller, adopted) : await createPatient(caller, patientInputFromLead(lead));
  } catch (error) {
    await releaseLead(caller.tenantId, leadId, claimedAt);
    throw error;
  }
  const converted = await completeLeadConversion(caller.tenantId, lead, claimedAt, {
    patientId: patient.patientId,
    convertedAt: new Date().toISOString(),
    convertedBy: caller.userId,
  });
  await announceTrigger(leadConvertedEvent, { tenantId: caller.tenantId, patientId: patient.patientId, leadId, at: converted.convertedAt ?? new Date().toISOString() });
  return { kind: 'converted', lead: converted, patient };
};
