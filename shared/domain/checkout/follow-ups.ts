/**
 * What a visit sets in motion, derived from the procedures done: follow-up calls (tasks), care
 * messages to send, recall due dates, and how long its care pathway runs.
 */
import { careCallsForVisit, careMessagesForVisit, type CareMessage } from '../care-pathway.js';
import { recallsForVisit, type RecallDue } from '../recall.js';
import type { Procedure } from '../../schemas/catalog.js';
import type { FollowUpTask } from '../../schemas/task.js';
import type { VisitLine } from '../../schemas/visit.js';

/** The visit the follow-ups belong to, and when the checkout recorded it. */
export type VisitRef = { visitId: string; patientId: string; clinicId: string; visitedAt: string; createdAt: string };
export type VisitCareMessage = CareMessage & { patientId: string; clinicId: string; visitId: string; createdAt: string };

/** Each catalog procedure of the visit once, in the order of its lines. */
export const proceduresDone = (lines: readonly Pick<VisitLine, 'procedureId'>[], catalog: ReadonlyMap<string, Procedure>): Procedure[] =>
  [...new Set(lines.map((l) => l.procedureId))].map((id) => catalog.get(id)).filter((p): p is Procedure => p !== undefined);

/** Several procedures may each have a care pathway; the visit's runs as long as the longest. */
export const carePathwayDays = (procedures: readonly Procedure[]): number => Math.max(0, ...procedures.flatMap((p) => p.carePathway.map((s) => s.offsetDays)));

export const careCallTasks = (visit: VisitRef, who: { patientName: string; dentistId: string }, procedures: Procedure[]): FollowUpTask[] =>
  careCallsForVisit(visit.visitId, visit.visitedAt, procedures).map((call) => ({
    taskId: call.occasion,
    patientId: visit.patientId,
    patientName: who.patientName,
    clinicId: visit.clinicId,
    kind: 'care-call',
    topic: call.topic,
    occasion: call.occasion,
    dueAt: call.dueAt,
    // Post-op calls are the treating dentist's; other care calls are the front desk's.
    assignee: call.topic.startsWith('post-op') ? { kind: 'person', userId: who.dentistId } : { kind: 'role', role: 'frontdesk' },
    status: 'open',
    attempts: [],
    visitId: visit.visitId,
    createdAt: visit.createdAt,
    updatedAt: visit.createdAt,
  }));

export const visitCareMessages = (visit: VisitRef, timeZone: string, procedures: Procedure[]): VisitCareMessage[] =>
  careMessagesForVisit(visit.visitId, visit.visitedAt, visit.createdAt, timeZone, procedures).map((message) => ({
    ...message,
    patientId: visit.patientId,
    clinicId: visit.clinicId,
    visitId: visit.visitId,
    createdAt: visit.createdAt,
  }));

/**
 * Recall due dates from the procedures' rules. `anchors` (the patient's current recalls) are
 * given only when this visit is the latest: a late-entered older visit does not move recall
 * dates set by a newer one.
 */
export const visitRecalls = (procedures: readonly Procedure[], visitDay: string, anchors: ReadonlyMap<string, string> | undefined): RecallDue[] =>
  anchors ? recallsForVisit(procedures.map((p) => p.recall), visitDay, anchors) : [];
