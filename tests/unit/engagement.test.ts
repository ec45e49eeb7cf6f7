/** Pure engagement rules: NPS arithmetic, the complaint workflow, link tokens, leads and schemas. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkComplaintTransition, complaintStatuses, openComplaintDelta } from '../../shared/domain/complaint.js';
import { DomainError } from '../../shared/domain/errors.js';
import { patientInputFromLead, presentLead, publicIntakeForm, type LeadRecord } from '../../shared/domain/intake.js';
import { answerOpensComplaint, npsBucket, summarizeAnswers } from '../../shared/domain/nps.js';
import { parsePublicLinkToken, publicLinkToken } from '../../shared/domain/public-link.js';
import { complaintUpdateSchema, intakeSubmissionSchema, surveyAnswerSchema } from '../../shared/schemas/engagement.js';
import { patientCreateSchema } from '../../shared/schemas/patient.js';
import { complaintEntity } from '../../functions/adapters/dynamo/entities/complaint.js';
import { intakeLinkEntity, leadEntity } from '../../functions/adapters/dynamo/entities/lead.js';
import { tenantPrefix } from '../../functions/adapters/dynamo/entities/partitions.js';
import { surveyEntity, surveyTotalsEntity } from '../../functions/adapters/dynamo/entities/survey.js';

describe('NPS and satisfaction', () => {
  it('buckets 0–6 / 7–8 / 9–10 and summarizes a page', () => {
    expect([0, 6, 7, 8, 9, 10].map(npsBucket)).toEqual(['detractor', 'detractor', 'passive', 'passive', 'promoter', 'promoter']);
    expect(summarizeAnswers([])).toEqual({ answerCount: 0, averageScore: null, nps: null, promoters: 0, passives: 0, detractors: 0 });
    expect(summarizeAnswers([{ score: 5, nps: 10 }, { score: 4, nps: 9 }, { score: 3, nps: 7 }, { score: 5, nps: 2 }])).toEqual({
      answerCount: 4, averageScore: 4.25, nps: 25, promoters: 2, passives: 1, detractors: 1,
    });
    expect(summarizeAnswers([{ score: 1, nps: 0 }, { score: 2, nps: 8 }]).nps).toBe(-50);
  });

  it('keeps NPS within −100…100 and the average within 1…5 for any answers', () => {
    const answer = fc.record({ score: fc.integer({ min: 1, max: 5 }), nps: fc.integer({ min: 0, max: 10 }) });
    fc.assert(
      fc.property(fc.array(answer, { minLength: 1, maxLength: 200 }), (answers) => {
        const s = summarizeAnswers(answers);
        expect(s.promoters + s.passives + s.detractors).toBe(answers.length);
        expect(s.nps).toBeGreaterThanOrEqual(-100);
        expect(s.nps).toBeLessThanOrEqual(100);
        expect(s.averageScore).toBeGreaterThanOrEqual(1);
        expect(s.averageScore).toBeLessThanOrEqual(5);
        expect(Object.is(s.nps, -0)).toBe(false);
      }),
    );
  });

  it('opens a complaint for a low score, or a detractor who wrote why', () => {
    expect(answerOpensComplaint({ score: 2, nps: 9 })).toBe(true);
    expect(answerOpensComplaint({ score: 3, nps: 6, comment: '太贵' })).toBe(true);
    expect(answerOpensComplaint({ score: 3, nps: 6, comment: '   ' })).toBe(false);
    expect(answerOpensComplaint({ score: 3, nps: 6 })).toBe(false);
    expect(answerOpensComplaint({ score: 4, nps: 7, comment: '还行' })).toBe(false);
  });
});

describe('complaint workflow', () => {
  it('goes open → in-progress → resolved, never back, and closes the count exactly once', () => {
    expect(() => checkComplaintTransition('open', 'in-progress')).not.toThrow();
    expect(() => checkComplaintTransition('open', 'resolved')).not.toThrow();
    expect(() => checkComplaintTransition('in-progress', 'resolved')).not.toThrow();
    expect(() => checkComplaintTransition('in-progress', 'in-progress')).not.toThrow();
    expect(() => checkComplaintTransition('in-progress', 'open')).toThrow(DomainError);
    for (const to of complaintStatuses) expect(() => checkComplaintTransition('resolved', to)).toThrow(/already resolved/);
    expect(openComplaintDelta('open', 'resolved')).toBe(-1);
    expect(openComplaintDelta('in-progress', 'resolved')).toBe(-1);
    expect(openComplaintDelta('open', 'in-progress')).toBe(0);
  });

  it('needs a resolution exactly when resolving', () => {
    expect(complaintUpdateSchema.safeParse({ status: 'resolved' }).success).toBe(false);
    expect(complaintUpdateSchema.safeParse({ resolution: '已处理' }).success).toBe(false);
    expect(complaintUpdateSchema.safeParse({ status: 'resolved', resolution: '已处理' }).success).toBe(true);
    expect(complaintUpdateSchema.safeParse({ owner: null }).success).toBe(true);
    expect(complaintUpdateSchema.safeParse({}).success).toBe(false);
  });
});

describe('public link tokens', () => {
  const tenantId = '01JTENANT0000000000000000A';
  it('round-trip, and refuse anything we could not have issued', () => {
    const secret = 'abcdefghijklmnopqrstuv';
    expect(parsePublicLinkToken(publicLinkToken(tenantId, secret))).toEqual({ tenantId, secret });
    for (const bad of ['', tenantId, `${tenantId}.`, `${tenantId}.${secret}x`, `${tenantId}.${secret.slice(1)}`, `t.${secret}`, `${tenantId}.${secret.slice(1)}!`, `${tenantId}#x.${secret}`]) {
      expect(parsePublicLinkToken(bad), bad).toBeUndefined();
    }
  });

  it('are stored under keys that begin with the tenant (invariant 1)', () => {
    const t = 'TENANT1';
    const built = [
      complaintEntity.key({ tenantId: t, complaintId: 'c' }).pk, complaintEntity.indexes.byClinic.pk.fill({ tenantId: t, clinicId: 'c' }), complaintEntity.indexes.byStatus.pk.fill({ tenantId: t, clinicId: 'c', bucket: 'open' }),
      surveyEntity.key({ tenantId: t, linkHash: 'h' }).pk, surveyEntity.indexes.answeredByClinic.pk.fill({ tenantId: t, clinicId: 'c' }), surveyTotalsEntity.key({ tenantId: t, clinicId: 'c', period: 'ALL' }).pk,
      intakeLinkEntity.key({ tenantId: t, linkHash: 'h' }).pk, intakeLinkEntity.indexes.byClinic.pk.fill({ tenantId: t, clinicId: 'c' }),
      leadEntity.key({ tenantId: t, leadId: 'l' }).pk, leadEntity.indexes.byClinic.pk.fill({ tenantId: t, clinicId: 'c' }), leadEntity.indexes.byStatus.pk.fill({ tenantId: t, clinicId: 'c', status: 'new' }),
    ];
    for (const key of built) expect(key.startsWith(`${tenantPrefix(t)}#`)).toBe(true);
  });
});

const lead: LeadRecord = {
  leadId: '01JLEAD0000000000000000000',
  clinicId: 'c1',
  linkId: '01JLINK0000000000000000000',
  name: '林女士',
  phone: '+8613812345678',
  budget: 'over-20000',
  priority: 'privacy',
  interests: ['implant', 'pediatric'],
  preferredTime: '周六上午',
  channel: 'dianping',
  contactConsent: true,
  marketingConsent: false,
  status: 'converting',
  claimedAt: '2026-01-01T00:00:00.000Z',
  createdAt: '2025-12-31T08:00:00.000Z',
};

describe('leads', () => {
  it('become a valid patient with consents from the form and segment tags', () => {
    const input = patientInputFromLead(lead);
    expect(patientCreateSchema.parse(input)).toEqual(input);
    expect(input.consents.care).toEqual({ granted: true, source: 'web-form', at: lead.createdAt, proof: `lead:${lead.leadId}` });
    expect(input.consents.marketing?.granted).toBe(false);
    expect(input.consents).not.toHaveProperty('healthData');
    expect(input.channel).toBe('dianping');
    expect(input.tags).toEqual(['预算2万以上', '关注隐私', '意向种植', '意向儿童齿科']);
  });

  it('show marketing a masked phone, and never the conversion claim', () => {
    expect(presentLead(lead, 'marketing').phone).toBe('138****5678');
    expect(presentLead(lead, 'frontdesk').phone).toBe('+8613812345678');
    expect(presentLead(lead, 'owner').status).toBe('new');
    expect(presentLead(lead, 'owner')).not.toHaveProperty('claimedAt');
  });

  it('come from a strict public form', () => {
    const valid = { name: '林女士', phone: '13812345678', budget: '5000-20000', priority: 'price', interests: ['basic'], contactConsent: true, marketingConsent: false };
    expect(intakeSubmissionSchema.parse(valid).phone).toBe('+8613812345678');
    expect(intakeSubmissionSchema.safeParse({ ...valid, contactConsent: false }).success).toBe(false);
    expect(intakeSubmissionSchema.safeParse({ ...valid, clinicId: 'c2' }).success).toBe(false);
    expect(surveyAnswerSchema.safeParse({ score: 3, nps: 5, comment: 'x'.repeat(1001) }).success).toBe(false);
    expect(surveyAnswerSchema.safeParse({ score: 0, nps: 5 }).success).toBe(false);
    expect(publicIntakeForm('静安店').options.budget.map((o) => o.label)).toEqual(['5000 元以下', '5000 元–2 万元', '2 万元以上']);
  });
});
