/**
 * Leads on the staff screen (seed 000 strategy 1): each lead with its tier, its consultant and,
 * while nobody has it, whom the clinic's routing suggests; handing a lead to a consultant; and a
 * clinic's senior consultants (资深咨询师), who alone are suggested for high-value leads.
 */
import { canSeeClinic, type Caller } from '../../shared/domain/access.js';
import { DomainError, invalid, notFound, staleVersion } from '../../shared/domain/errors.js';
import { consultantsOf, presentLead, type LeadContext, type LeadRecord } from '../../shared/domain/intake.js';
import type { Lead, LeadAssign, LeadListQuery, LeadRouting, LeadRoutingQuery, LeadRoutingUpdate, Page } from '../../shared/schemas/engagement.js';
import { getLead, queryLeads } from '../adapters/dynamo/engagement-lead-repository.js';
import { assignLead, getLeadRouting, putLeadRouting } from '../adapters/dynamo/lead-assignment-repository.js';
import { listStaff } from '../adapters/dynamo/org-repository.js';
import { clinicForList, clinicFromBody } from './engagement-clinics.js';

export const leadContextFor = async (tenantId: string, clinicId: string): Promise<LeadContext> => {
  const [staff, routing] = await Promise.all([listStaff(tenantId), getLeadRouting(tenantId, clinicId)]);
  return { staffNames: new Map(staff.map((s) => [s.userId, s.displayName])), consultants: consultantsOf(staff, clinicId, routing.seniorConsultants) };
};

/** One clinic's leads, newest first, as the caller's role may see them, with tier, consultant and suggestion. */
export const listLeads = async (caller: Caller, query: LeadListQuery): Promise<Page<Lead>> => {
  const clinic = await clinicForList(caller, query.clinicId);
  const [page, context] = await Promise.all([
    queryLeads(caller.tenantId, clinic.clinicId, query.status, query.limit, query.cursor),
    leadContextFor(caller.tenantId, clinic.clinicId),
  ]);
  return { ...page, items: page.items.map((lead) => presentLead(lead, caller.role, context)) };
};

const notNew = (): DomainError =>
  new DomainError('conflict', 'leadId: this lead was converted into a patient; it no longer needs a consultant', [{ path: 'leadId', message: 'already converted', code: 'already_done' }]);

const readLead = async (caller: Caller, leadId: string): Promise<LeadRecord> => {
  const lead = await getLead(caller.tenantId, leadId);
  if (!lead || !canSeeClinic(caller, lead.clinicId)) throw notFound('lead');
  return lead;
};

/** Hands a new lead to a consultant of its clinic (or takes it back with null), at the version read. */
export const assignLeadTo = async (caller: Caller, leadId: string, input: LeadAssign): Promise<Lead> => {
  const lead = await readLead(caller, leadId);
  const context = await leadContextFor(caller.tenantId, lead.clinicId);
  if (input.userId !== null && !context.consultants.some((c) => c.userId === input.userId)) {
    throw invalid('userId', 'is not someone who takes this clinic’s leads', { code: 'staff.not_found' });
  }
  if (lead.status !== 'new') throw notNew();
  if ((lead.version ?? 0) !== input.version) throw staleVersion('the lead');
  const assigned = await assignLead(caller.tenantId, leadId, { assignee: input.userId, at: new Date().toISOString(), by: caller.userId }, input.version);
  if (!assigned) {
    const latest = await readLead(caller, leadId);
    throw latest.status === 'new' ? staleVersion('the lead') : notNew();
  }
  return presentLead(assigned, caller.role, context);
};

const routingOf = async (tenantId: string, clinicId: string): Promise<LeadRouting> => {
  const [staff, stored] = await Promise.all([listStaff(tenantId), getLeadRouting(tenantId, clinicId)]);
  const consultants = consultantsOf(staff, clinicId, stored.seniorConsultants);
  // A senior who left the clinic or was disabled is no longer shown (nor suggested).
  const seniorConsultants = stored.seniorConsultants.filter((id) => consultants.some((c) => c.userId === id));
  return { clinicId, ...stored, seniorConsultants, consultants };
};

export const readLeadRouting = async (caller: Caller, query: LeadRoutingQuery): Promise<LeadRouting> =>
  routingOf(caller.tenantId, (await clinicForList(caller, query.clinicId)).clinicId);

/** Names the clinic's senior consultants; each must take that clinic's leads. */
export const saveLeadRouting = async (caller: Caller, input: LeadRoutingUpdate): Promise<LeadRouting> => {
  await clinicFromBody(caller, input.clinicId);
  const current = await routingOf(caller.tenantId, input.clinicId);
  const unknown = input.seniorConsultants.findIndex((id) => !current.consultants.some((c) => c.userId === id));
  if (unknown >= 0) throw invalid(`seniorConsultants.${unknown}`, 'is not someone who takes this clinic’s leads', { code: 'staff.not_found' });
  if (current.version !== input.version) throw staleVersion('the lead routing');
  const saved = { seniorConsultants: input.seniorConsultants, version: input.version + 1, updatedAt: new Date().toISOString(), updatedBy: caller.userId };
  if (!(await putLeadRouting(caller.tenantId, input.clinicId, saved, input.version))) throw staleVersion('the lead routing');
  return routingOf(caller.tenantId, input.clinicId);
};
