/** The carrier step of the send pipeline: a template value the message lacks is never sent empty. */
import { describe, expect, it, vi } from 'vitest';
import type { PatientRecord } from '../../shared/domain/patient.js';

describe('handing a message to a provider template', () => {
  it('fails clearly, without calling the provider, when the template asks for a value the message lacks', async () => {
    // The adapters read the table's name on import; nothing here reaches the table.
    vi.stubEnv('TABLE_NAME', 'not-reached');
    const { handOver } = await import('../../functions/services/send-handover.js');
    const publish = vi.fn();
    const template = { templateKey: 'offer', channel: 'alibaba-sms' as const, providerCode: 'SMS_1', status: 'approved' as const, type: 'marketing' as const, params: [{ name: 'name' as const, maxLength: 20 }, { name: 'coupon' as const, maxLength: 20 }], purposes: ['reactivation' as const] };
    const handed = await handOver(
      { kind: 'template', channel: 'alibaba-sms', template, publish },
      { tenantId: 'T1', sms: { to: '+8613800000000', text: '', purpose: 'reactivation', smsType: 'Promotional', patientId: 'P1', clinicId: 'C1' }, publish: vi.fn(), patient: { phone: '+8613800000000' } as PatientRecord, values: { name: '王女士', clinic: '静安店', coupon: '  ' }, reference: 'r', day: '2026-12-05' },
    );
    expect(handed).toEqual({ ok: false, reason: 'alibaba-sms: missing-parameter (coupon)', retryable: false, channel: { channel: 'alibaba-sms' } });
    expect(publish).not.toHaveBeenCalled();
    vi.unstubAllEnvs();
  });
});
