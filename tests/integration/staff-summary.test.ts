/** The owners' morning summary: yesterday's numbers from the rollups, once per day. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboxMessage } from '../../shared/schemas/outbox.js';
import type { Patient } from '../../shared/schemas/patient.js';
import type { Procedure } from '../../shared/schemas/catalog.js';
import { addDays } from '../../shared/domain/time.js';
import { startTestTwin, type TestTwin } from '../support/test-twin.js';

let twin: TestTwin;
let owner: string;

beforeAll(async () => {
  twin = await startTestTwin();
  owner = await twin.tokenFor('owner');
});
afterAll(async () => twin?.stop());

const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());

describe('staff daily summary', () => {
  it('reports yesterday per clinic and for the chain, once however often the run is delivered', async () => {
    const yesterday = addDays(today(), -1);
    const procedures = (await twin.api<{ items: Procedure[] }>('GET', '/procedures', { token: owner })).body.items;
    const cleaning = procedures.find((p) => p.code === 'cleaning') as Procedure;
    const patient = (await twin.api<Patient>('POST', '/patients', { token: owner, body: { name: '日报患者', phone: '13312340001', clinicId: twin.demo.jinganId } })).body;
    const res = await twin.api('POST', `/patients/${patient.patientId}/visits`, {
      token: owner,
      body: { clinicId: twin.demo.jinganId, dentistId: twin.demo.dentistId, visitedAt: new Date(`${yesterday}T15:00:00+08:00`).toISOString(), lines: [{ procedureId: cleaning.procedureId }], payments: [{ method: 'wechat', amountFen: cleaning.priceFen }] },
    });
    expect(res.status).toBe(201);
    const { readRollups } = await import('../../functions/adapters/dynamo/kpi-repository.js');
    const days = await readRollups(twin.demo.tenantId, twin.demo.clinicIds, yesterday, yesterday);
    const visits = days.reduce((sum, d) => sum + (d.counters.visits ?? 0), 0);
    const revenue = days.reduce((sum, d) => sum + (d.counters.revenueFen ?? 0), 0);
    expect(visits).toBeGreaterThanOrEqual(1);

    const { runStaffSummary } = await import('../../functions/jobs/staff-summary.js');
    const eight = new Date(`${today()}T08:00:00+08:00`);
    const tallies = await Promise.all([1, 2, 3].map(() => runStaffSummary(twin.demo.tenantId, eight)));
    expect(tallies.filter((t) => t.sent === 1)).toHaveLength(1);
    const alerts = (await twin.api<{ items: OutboxMessage[] }>('GET', '/outbox?limit=100', { token: owner })).body.items.filter((m) => m.purpose === 'daily-summary');
    expect(alerts).toHaveLength(1);
    const text = alerts[0]?.text ?? '';
    expect(text).toContain(`Smileloop 日报 ${yesterday}`);
    expect(text).toContain(`全连锁：门诊 ${visits} 人次，营收 ¥${(revenue / 100).toFixed(2)}`);
    expect(text).toMatch(/静安店：门诊 \d+ 人次/);
    // Never a patient's name or phone in a staff summary.
    expect(text).not.toContain('日报患者');
    expect(text).not.toContain('13312340001');
  });
});
