/**
 * The engagement part of the `npm start` demo (functions/local/demo-engagement.ts), run on the
 * small test demo: questionnaire leads with the seed's high-value pool and a senior consultant,
 * a month of survey answers whose unhappy ones became complaints, a complaint in progress, and
 * replies from unknown numbers waiting; quickly (the demo's start-up budget).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lead, LeadRouting, ListedComplaint, Page, SurveyReportView } from '../../shared/schemas/engagement.js';
import type { ListedUnmatchedReply } from '../../shared/schemas/sms-reply.js';
import type { Patient } from '../../shared/schemas/patient.js';
import { startTestTwin, type TestTwin } from '../support/test-twin.js';

let twin: TestTwin;
let owner: string;
let ms = 0;

beforeAll(async () => {
  twin = await startTestTwin();
  owner = await twin.tokenFor('owner');
  // the history's patients stand in: enough for every answer and the complaint
  for (let i = 0; i < 16; i++) await twin.api<Patient>('POST', '/patients', { token: owner, body: { name: `演示患者${i}`, phone: `1350000${String(1000 + i)}`, clinicId: twin.demo.jinganId } });
  // imported once the twin has set the table's name
  const { seedDemoEngagement } = await import('../../functions/local/demo-engagement.js');
  const started = performance.now();
  await seedDemoEngagement(twin.demo.tenantId);
  ms = performance.now() - started;
});
afterAll(async () => {
  await twin?.bus.idle();
  await twin?.stop();
});

const get = async <T>(path: string) => (await twin.api<T>('GET', path, { token: owner })).body;

describe('demo engagement', () => {
  it('seeds leads with two high-value ones suggested to the senior consultant, the manager', async () => {
    const routing = await get<LeadRouting>(`/lead-routing?clinicId=${twin.demo.jinganId}`);
    const manager = routing.consultants.find((c) => c.displayName === '李店长');
    expect(routing.seniorConsultants).toEqual([manager?.userId]);
    const leads = (await get<Page<Lead>>(`/leads?clinicId=${twin.demo.jinganId}&status=new`)).items;
    expect(leads).toHaveLength(5);
    const high = leads.filter((l) => l.tier === 'high-value');
    expect(high.map((l) => l.name).sort()).toEqual(['周先生', '林女士']);
    expect(high.every((l) => l.suggestedAssignee?.userId === manager?.userId)).toBe(true);
  });

  it('seeds a month of answers with an NPS, unhappy answers as complaints, and a complaint in progress', async () => {
    const report = await get<SurveyReportView>(`/surveys?clinicId=${twin.demo.jinganId}&limit=100`);
    expect(report.totals.answerCount).toBe(14);
    expect(report.totals.nps).toBe(Math.round((100 * (9 - 2)) / 14));
    const open = (await get<Page<ListedComplaint>>(`/complaints?clinicId=${twin.demo.jinganId}&status=open&limit=100`)).items;
    expect(open.filter((c) => c.source === 'survey')).toHaveLength(2);
    expect(open.find((c) => c.source === 'staff')).toMatchObject({ status: 'in-progress', ownerName: '李店长' });
  });

  it('leaves two replies from unknown numbers for the desk, and takes little time', async () => {
    expect((await get<Page<ListedUnmatchedReply>>('/sms-replies/unmatched')).items).toHaveLength(2);
    expect(ms).toBeLessThan(5000);
  });
});
