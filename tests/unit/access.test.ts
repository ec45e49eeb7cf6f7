import { describe, expect, it } from 'vitest';
import { canSeeClinic, invitableRoles, roleHasPermission, roles, type Caller } from '../../shared/domain/access.js';
import { presentPatient, type PatientRecord } from '../../shared/domain/patient.js';
import { isClinicalTag, tagsShownTo } from '../../shared/domain/patient-tags.js';
import { usesClinicalFacts } from '../../shared/domain/segments/conditions.js';

const caller = (over: Partial<Caller>): Caller => ({ userId: 'u', email: 'e', tenantId: 't', role: 'frontdesk', clinicScope: ['a'], ...over });

describe('permissions', () => {
  it('only owners create clinics and run jobs; dentists and marketing never write patients', () => {
    expect(roles.filter((r) => roleHasPermission(r, 'clinics:create'))).toEqual(['owner']);
    expect(roles.filter((r) => roleHasPermission(r, 'jobs:run'))).toEqual(['owner']);
    expect(roles.filter((r) => roleHasPermission(r, 'patients:write'))).toEqual(['owner', 'manager', 'frontdesk']);
  });

  it('managers invite only front desk, dentists and marketing', () => {
    expect(invitableRoles('manager')).toEqual(['frontdesk', 'dentist', 'marketing']);
    expect(invitableRoles('frontdesk')).toEqual([]);
  });

  it('clinic scope', () => {
    expect(canSeeClinic(caller({ clinicScope: 'all', role: 'owner' }), 'z')).toBe(true);
    expect(canSeeClinic(caller({}), 'a')).toBe(true);
    expect(canSeeClinic(caller({}), 'b')).toBe(false);
  });
});

describe('presentPatient (invariant 9: marketing never sees contact details or notes)', () => {
  const record: PatientRecord = {
    patientId: 'p', clinicId: 'a', name: '张伟', gender: 'male', phone: '+8613800138000', channel: 'referral', tags: [], notes: '高血压', consents: {},
    createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z',
  };
  it('masks for marketing, shows all to clinical and front-desk roles', () => {
    const forMarketing = presentPatient(record, 'marketing');
    expect(forMarketing.phone).toBe('138****8000');
    expect(forMarketing).not.toHaveProperty('notes');
    const noReasons = { deceased: false, optedOut: false, openComplaint: false };
    for (const role of ['owner', 'manager', 'frontdesk', 'dentist'] as const) expect(presentPatient(record, role)).toEqual({ ...record, doNotContact: noReasons });
  });

  it('gives marketing only the tags that name no treatment; those who read medical records or keep the record see all', () => {
    const tagged = { ...record, tags: ['怕疼', '种植', '正畸咨询', '價格敏感', 'VIP'] };
    expect(presentPatient(tagged, 'marketing').tags).toEqual(['怕疼', '價格敏感', 'VIP']);
    for (const role of ['owner', 'manager', 'frontdesk', 'dentist'] as const) expect(presentPatient(tagged, role).tags).toEqual(tagged.tags);
    // as the medical-word check reads a text: traditional characters and spaced-out words too
    expect(['種植', '正 畸', '洗牙'].map(isClinicalTag)).toEqual([true, true, true]);
    expect(tagsShownTo('marketing', ['儿童', '隐适美'])).toEqual(['儿童']);
    // everyday words for a treatment, and health conditions, are medical too; fear of pain and price are not
    expect(['种牙', '箍牙', '缺牙', '糖尿病', '高血壓', 'ortho', 'Perio'].map(isClinicalTag)).toEqual([true, true, true, true, true, true, true]);
    expect(['怕疼', '價格敏感', 'orthography-fan', '老客户'].map(isClinicalTag)).toEqual([false, false, false, false]);
  });

  it('a segment on a tag that names a treatment selects by treatment; one on other tags does not', () => {
    const on = (tags: string[]) => usesClinicalFacts({ op: 'and', conditions: [{ op: 'or', conditions: [{ field: 'tags', match: 'any', in: tags }] }] });
    expect(on(['怕疼', '种植'])).toBe(true);
    expect(on(['怕疼', '价格敏感'])).toBe(false);
  });

  it('derives do-not-contact from the stored facts', () => {
    expect(presentPatient({ ...record, deceased: true, optedOutAt: '2026-01-02T00:00:00.000Z', openComplaintCount: 2 }, 'owner').doNotContact).toEqual({
      deceased: true, optedOut: true, openComplaint: true,
    });
    expect(presentPatient({ ...record, openComplaintCount: 0 }, 'owner').doNotContact.openComplaint).toBe(false);
  });
});
