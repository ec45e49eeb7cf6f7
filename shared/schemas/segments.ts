/** Segments (issue 12 item 1): what the API takes. Shared with the dashboard's builder. */
import * as z from 'zod';
import { conditionGroupSchema, type ConditionGroup } from '../domain/segments/conditions.js';
import { idSchema, nameSchema, versionSchema } from './common.js';

export const segmentKinds = ['dynamic', 'static'] as const;
export type SegmentKind = (typeof segmentKinds)[number];

export const segmentCreateSchema = z.strictObject({
  name: nameSchema,
  conditions: conditionGroupSchema,
});

export const segmentUpdateSchema = z.strictObject({
  name: nameSchema.optional(),
  conditions: conditionGroupSchema.optional(),
  version: versionSchema,
});

export const segmentPreviewSchema = z.strictObject({
  conditions: conditionGroupSchema,
  /** count within one clinic of the caller's scope */
  clinicId: idSchema.optional(),
});

export type Segment = {
  segmentId: string;
  name: string;
  conditions: ConditionGroup;
  /** dynamic: re-evaluated whenever used; static: the members frozen at `frozenAt` */
  kind: SegmentKind;
  /** the clinics its creator could see: a segment never reaches beyond them */
  scope: 'all' | string[];
  frozenAt?: string;
  frozenCount?: number;
  /** soft delete: kept for the audit trail and the campaigns that named it, hidden from everyone */
  deletedAt?: string;
  deletedBy?: string;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  version: number;
  /** the version at which who it selects last changed (its conditions, or its freeze); a rename leaves it. Absent on segments saved before it was kept: their version. */
  audienceVersion?: number;
};

/** What a campaign's approval covers: who the segment selects, not what it is called. */
export const audienceVersionOf = (segment: Pick<Segment, 'version' | 'audienceVersion'>): number => segment.audienceVersion ?? segment.version;

/** A matching patient as a segment sample shows it: no medical fields, no notes; phone masked for marketing. */
export type SegmentSamplePatient = { patientId: string; clinicId: string; name: string; phone: string; tags: string[] };

export type SegmentPreview = {
  count: number;
  perClinic: { clinicId: string; count: number }[];
  sample: SegmentSamplePatient[];
  /** 'clinical': the conditions select by treatment and the caller may not read medical records, so nobody is named */
  sampleWithheld?: 'clinical';
};
