/** The delivery-report metrics the failure-rate alarm reads: what a Lambda writes, in CloudWatch's embedded metric format. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { deliveryMetrics } from '../../shared/domain/channels/delivery-metric-names.js';
import { envNames } from '../../shared/tables.js';

describe('delivery report metrics', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
    vi.resetModules();
  });

  it('in the cloud: one EMF line per batch with the channel, the reports and the failures, and nothing about the patient', async () => {
    vi.stubEnv(envNames.mode, 'cloud');
    vi.stubEnv('POWERTOOLS_DEV', '');
    const lines: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => { lines.push(String(chunk)); return true; });
    const { countDeliveryReports } = await import('../../functions/adapters/delivery-metrics.js');
    countDeliveryReports('tencent-sms', { reports: 3, failed: 1 });
    const emf = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => '_aws' in l);
    expect(emf).toMatchObject({ Channel: 'tencent-sms', service: deliveryMetrics.service, [deliveryMetrics.reports]: 3, [deliveryMetrics.failed]: 1 });
    expect(JSON.stringify(emf)).toContain(deliveryMetrics.namespace);
  });

  it('in the twin: nothing written', async () => {
    vi.stubEnv(envNames.mode, 'local');
    const write = vi.spyOn(process.stdout, 'write');
    const { countDeliveryReports } = await import('../../functions/adapters/delivery-metrics.js');
    countDeliveryReports('alibaba-sms', { reports: 2, failed: 0 });
    expect(write).not.toHaveBeenCalled();
  });
});
