import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobs } from '../../shared/schedules.js';
import type { OutboxMessage } from '../../shared/schemas/outbox.js';
import { startTestTwin, type TestTwin } from '../support/test-twin.js';

let twin: TestTwin;
let owner: string;

type JobsView = { items: { name: string; lastRun: { status: string; trigger: string; summary: Record<string, number> } | null }[]; patientCounts: { clinicId: string; total: number; byChannel: Record<string, number> }[] };

beforeAll(async () => {
  twin = await startTestTwin();
  owner = await twin.tokenFor('owner');
});
afterAll(async () => twin?.stop());

describe('jobs through the local bus', () => {
  it('"run now" puts the event on the bus, whose rule runs the job for the caller’s chain only', async () => {
    const other = await twin.otherChain();
    const res = await twin.api<{ eventId: string }>('POST', '/jobs/patient-counts/run', { token: owner });
    expect(res.status).toBe(202);
    await twin.bus.idle();
    expect(twin.bus.deliveries.find((d) => d.eventId === res.body.eventId)).toMatchObject({ job: 'patient-counts', status: 'succeeded' });
    const view = await twin.api<JobsView>('GET', '/jobs', { token: owner });
    expect(view.body.items[0]?.lastRun).toMatchObject({ status: 'succeeded', trigger: 'manual' });
    const jingan = view.body.patientCounts.find((c) => c.clinicId === twin.demo.jinganId);
    const listed = await twin.api<{ items: unknown[] }>('GET', `/patients?clinicId=${twin.demo.jinganId}&limit=100`, { token: owner });
    expect(jingan?.total).toBe(listed.body.items.length);
    expect(Object.values(jingan?.byChannel ?? {}).reduce((a, b) => a + b, 0)).toBe(jingan?.total);
    const otherView = await twin.api<JobsView>('GET', '/jobs', { token: other.ownerToken });
    expect(otherView.body.items[0]?.lastRun).toBeNull();
  });

  it('a scheduled event runs the job for every chain, and running it three times changes nothing', async () => {
    const other = await twin.otherChain();
    const { handler } = await import('../../functions/jobs/patient-counts.js');
    const event = twin.bus.scheduledEvent('patient-counts');
    await Promise.all([handler(event), handler(event), handler(event)]);
    const view = await twin.api<JobsView>('GET', '/jobs', { token: other.ownerToken });
    expect(view.body.items[0]?.lastRun).toMatchObject({ status: 'succeeded', trigger: 'schedule' });
    expect(view.body.patientCounts).toEqual([expect.objectContaining({ clinicId: other.clinicId, total: 0 })]);
  });

  it('an unknown job is a 400 naming it', async () => {
    const res = await twin.api<{ error: { fields: { path: string }[] } }>('POST', '/jobs/everything/run', { token: owner });
    expect(res.status).toBe(400);
    expect(res.body.error.fields[0]?.path).toBe('jobName');
  });

  it('the cron table is valid for both EventBridge and the local scheduler (croner parses every pattern)', async () => {
    const { toCronerPattern } = await import('../../functions/local/event-bus.js');
    const { Cron } = await import('croner');
    for (const job of jobs) {
      if (!job.schedule) continue;
      const cron = new Cron(toCronerPattern(job.schedule), { timezone: 'UTC', paused: true });
      expect(cron.nextRun(), job.name).toBeInstanceOf(Date);
      cron.stop();
    }
  });
});

describe('the outbox', () => {
  it('a failing job alerts staff through the SNS adapter, and the alert is in the outbox', async () => {
    const { createJobHandler } = await import('../../functions/jobs/lib/job-runner.js');
    const failing = createJobHandler('patient-counts', async () => {
      throw new Error('disk on fire');
    });
    const event = { ...twin.bus.scheduledEvent('patient-counts'), 'detail-type': 'Job Run Requested', detail: { tenantId: twin.demo.tenantId, job: 'patient-counts' as const } };
    await expect(failing(event)).rejects.toThrow(/1 of 1 chains failed/);
    const outbox = await twin.api<{ items: OutboxMessage[] }>('GET', '/outbox', { token: owner });
    expect(outbox.body.items[0]).toMatchObject({ kind: 'staff-alert', purpose: 'job-failure', status: 'delivered-locally' });
    expect(outbox.body.items[0]?.text).toContain('disk on fire');
  });

  it('SMS in the outbox: marketing sees masked numbers and only marketing texts; clinic staff only their clinics', async () => {
    const { sendSms } = await import('../../functions/adapters/notifier.js');
    await sendSms(twin.demo.tenantId, { to: '+8613800138000', text: '【微笑口腔】张伟您好，种植术后复查提醒', purpose: 'recall', smsType: 'Transactional', clinicId: twin.demo.jinganId });
    await sendSms(twin.demo.tenantId, { to: '+8613900139001', text: '【微笑口腔】会员日洁牙8折 退订回T', purpose: 'marketing-campaign', smsType: 'Promotional', clinicId: twin.demo.jinganId });
    await sendSms(twin.demo.tenantId, { to: '+8613700137002', text: '【微笑口腔】天河店复诊提醒', purpose: 'recall', smsType: 'Transactional', clinicId: twin.demo.tianheId });
    const forOwner = await twin.api<{ items: OutboxMessage[] }>('GET', '/outbox', { token: owner });
    expect(forOwner.body.items.filter((m) => m.kind === 'sms').map((m) => m.to)).toEqual(['+8613700137002', '+8613900139001', '+8613800138000']);
    const forMarketing = await twin.api<{ items: OutboxMessage[] }>('GET', '/outbox', { token: await twin.tokenFor('marketing') });
    const sms = forMarketing.body.items.filter((m) => m.kind === 'sms');
    expect(sms.map((m) => m.to)).toEqual(['137****7002', '139****9001', '138****8000']);
    expect(sms.find((m) => m.purpose === 'recall')?.text).toBe('(hidden)');
    expect(sms.find((m) => m.purpose === 'marketing-campaign')?.text).toContain('会员日');
    expect(JSON.stringify(forMarketing.body)).not.toContain('种植');
    const forFrontdesk = await twin.api<{ items: OutboxMessage[] }>('GET', '/outbox', { token: await twin.tokenFor('manager') });
    expect(forFrontdesk.body.items.filter((m) => m.kind === 'sms').every((m) => m.clinicId === twin.demo.jinganId)).toBe(true);
  });
});
