/**
 * The values a preview fills in for one sample patient: their name and clinic from the segment's
 * sample (marketing sees what the Segments page shows), an example coupon code, its expiry by
 * the chosen coupon type, and the clinic's phone.
 */
import type { CouponDefinition } from '../../api/coupons-api';
import type { Clinic } from '../../api/types';
import type { CampaignValues } from '$shared/domain/campaigns/sms-text';
import type { SegmentSamplePatient } from '$shared/schemas/segments';

const exampleCode = 'K7QX2M9RTD4B';

const expiryOf = (definition: CouponDefinition | undefined, today: Date): string => {
  if (!definition) return '';
  if ('until' in definition.validity) return definition.validity.until;
  return new Date(today.getTime() + definition.validity.days * 86_400_000).toISOString().slice(0, 10);
};

export const sampleValues = (options: { sample: SegmentSamplePatient | undefined; clinics: readonly Clinic[]; coupon: CouponDefinition | undefined; today?: Date }): CampaignValues => {
  const clinic = options.clinics.find((c) => c.clinicId === options.sample?.clinicId) ?? options.clinics[0];
  return {
    姓名: options.sample?.name ?? '王女士',
    门店: clinic?.name ?? '静安店',
    优惠券: exampleCode,
    有效期: expiryOf(options.coupon, options.today ?? new Date()) || '2026-12-31',
    预约电话: clinic?.phone ?? '021-12345678',
  };
};
