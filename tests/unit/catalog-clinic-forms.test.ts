/**
 * The pure parts of the Catalog and Clinics screens: opening-hour rules, stored clinics read with
 * defaults, and the forms sending only what changed (so an edit never rewrites an untouched field).
 */
import { describe, expect, it } from 'vitest';
import { defaultOpeningHours, openingHoursOrDefault, spanProblem } from '../../shared/domain/clinic-hours.js';
import { openingHoursSchema } from '../../shared/schemas/clinic-settings.js';
import type { Procedure } from '../../shared/schemas/catalog.js';
import type { Clinic } from '../../shared/schemas/org.js';
import { changesOf, clinicPriceChange, draftOf, fieldsOf } from '../../dashboard/src/lib/features/catalog/procedure-draft.js';
import { clinicChangesOf, clinicDraftOf } from '../../dashboard/src/lib/features/clinics/clinic-draft.js';

const implant: Procedure = {
  procedureId: 'P1', code: 'implant', nameZh: '种植牙', nameEn: 'Implant', category: 'implant', valueTier: 'premium', priceFen: 1_200_000,
  clinicPrices: { C1: 1_100_000 }, carePathway: [{ offsetDays: 1, action: 'call', topic: 'post-op-24h' }],
  recall: { kind: 'milestones', group: 'implant-maintenance', months: [12, 24, 36] }, active: true, updatedAt: '2026-01-01T00:00:00.000Z', version: 3,
};

const clinic: Clinic = {
  clinicId: 'C1', name: '静安店', address: '南京西路', timeZone: 'Asia/Shanghai', smsSignature: '微笑口腔',
  // as a stored map may come back: keys in another order
  openingHours: { sun: null, ...Object.fromEntries(Object.entries(defaultOpeningHours()).filter(([d]) => d !== 'sun')) } as Clinic['openingHours'],
  chairs: ['1号椅'], replyNumber: '10690001', createdAt: '', updatedAt: '', version: 2,
};

describe('opening hours', () => {
  it('a day must close after it opens; 24:00 ends a day but cannot start one', () => {
    expect(spanProblem({ opens: '09:00', closes: '18:00' })).toBeUndefined();
    expect(spanProblem({ opens: '09:00', closes: '09:00' })).toBe('closes');
    expect(spanProblem({ opens: '20:00', closes: '24:00' })).toBeUndefined();
    expect(spanProblem({ opens: '24:00', closes: '24:00' })).toBe('opens');
    const week = { ...defaultOpeningHours(), fri: { opens: '18:00', closes: '09:30' } };
    const result = openingHoursSchema.safeParse(week);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual(['fri.closes']);
  });

  it('a clinic stored before opening hours, or with days missing, reads with the default days; a closed day stays closed', () => {
    expect(openingHoursOrDefault(undefined)).toEqual(defaultOpeningHours());
    const read = openingHoursOrDefault({ mon: { opens: '10:00', closes: '16:00' }, sun: null });
    expect(read.mon).toEqual({ opens: '10:00', closes: '16:00' });
    expect(read.sun).toBeNull();
    expect(read.tue).toEqual({ opens: '09:00', closes: '18:00' });
  });
});

describe('the procedure form', () => {
  it('sends only what changed; milestones typed with Chinese commas are months', () => {
    const draft = draftOf(implant, 'C1');
    expect(changesOf(implant, draft)).toEqual({});
    draft.recallMonths = '12，24、60';
    draft.price = '11800';
    expect(changesOf(implant, draft)).toEqual({ priceFen: 1_180_000, recall: { kind: 'milestones', group: 'implant-maintenance', months: [12, 24, 60] } });
  });

  it('an empty interval stays a number the schema refuses (NaN), not 0 months', () => {
    const draft = { ...draftOf(implant, 'C1'), recallKind: 'interval' as const, recallMonths: '' };
    expect(Number.isNaN((fieldsOf(draft).recall as { months: number }).months)).toBe(true);
  });

  it('the clinic price: unchanged sends nothing, cleared goes back to the chain price (null)', () => {
    const draft = draftOf(implant, 'C1');
    expect(draft.clinicPrice).toBe('11000');
    expect(clinicPriceChange(implant, draft, 'C1')).toBeUndefined();
    expect(clinicPriceChange(implant, { ...draft, clinicPrice: '' }, 'C1')).toBeNull();
    expect(clinicPriceChange(implant, { ...draft, clinicPrice: '10500.5' }, 'C1')).toBe(1_050_050);
    expect(clinicPriceChange(implant, { ...draftOf(implant, 'C2'), clinicPrice: '' }, 'C2')).toBeUndefined();
  });
});

describe('the clinic form', () => {
  it('sends only what changed, whatever order the stored hours came in; a cleared reply number is null', () => {
    const draft = clinicDraftOf(clinic);
    expect(clinicChangesOf(clinic, draft)).toEqual({});
    draft.replyNumber = ' ';
    draft.chairs = [...draft.chairs, '2号椅'];
    expect(clinicChangesOf(clinic, draft)).toEqual({ replyNumber: null, chairs: ['1号椅', '2号椅'] });
  });
});
