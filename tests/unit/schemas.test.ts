import { describe, expect, it } from 'vitest';
import { patientCreateSchema, patientUpdateSchema } from '../../shared/schemas/patient.js';
import { clinicCreateSchema, staffInviteSchema } from '../../shared/schemas/org.js';

const minimal = { name: '张伟', phone: '13800138000', clinicId: 'c1' };

describe('patientCreateSchema', () => {
  it('fills sensible defaults and normalizes the phone', () => {
    expect(patientCreateSchema.parse(minimal)).toEqual({ ...minimal, phone: '+8613800138000', gender: 'unknown', channel: 'walk-in', tags: [], notes: '', consents: {} });
  });

  it('trims the name and refuses a blank one', () => {
    expect(patientCreateSchema.parse({ ...minimal, name: '  张伟 ' }).name).toBe('张伟');
    expect(patientCreateSchema.safeParse({ ...minimal, name: '   ' }).success).toBe(false);
  });

  it('refuses unknown fields anywhere, including inside consents', () => {
    expect(patientCreateSchema.safeParse({ ...minimal, tenantId: 't' }).success).toBe(false);
    expect(patientCreateSchema.safeParse({ ...minimal, consents: { care: { granted: true, source: 'verbal', extra: 1 } } }).success).toBe(false);
  });

  it('refuses a birth date in the future or before 1900', () => {
    expect(patientCreateSchema.safeParse({ ...minimal, birthDate: '1899-12-31' }).success).toBe(false);
    expect(patientCreateSchema.safeParse({ ...minimal, birthDate: '2999-01-01' }).success).toBe(false);
    expect(patientCreateSchema.safeParse({ ...minimal, birthDate: '1990-02-30' }).success).toBe(false);
  });
});

describe('patientUpdateSchema', () => {
  it('needs at least one field and refuses a clinic move', () => {
    expect(patientUpdateSchema.safeParse({}).success).toBe(false);
    expect(patientUpdateSchema.safeParse({ clinicId: 'c2' }).success).toBe(false);
    expect(patientUpdateSchema.parse({ birthDate: null, version: 0 })).toEqual({ birthDate: null, version: 0 });
  });

  it('takes the version the patient was read at, and a version alone changes nothing', () => {
    expect(patientUpdateSchema.safeParse({ birthDate: null }).error?.issues.map((i) => i.path.join('.'))).toEqual(['version']);
    expect(patientUpdateSchema.safeParse({ version: 3 }).success).toBe(false);
    expect(patientUpdateSchema.safeParse({ name: '李雷', version: -1 }).success).toBe(false);
  });
});

describe('org schemas', () => {
  it('lower-cases invited emails and refuses unknown roles', () => {
    expect(staffInviteSchema.parse({ email: ' A@B.CN ', displayName: 'x', role: 'dentist', clinicIds: ['c'] }).email).toBe('a@b.cn');
    expect(staffInviteSchema.safeParse({ email: 'a@b.cn', displayName: 'x', role: 'admin' }).success).toBe(false);
  });

  it('defaults a clinic to Asia/Shanghai (invariant 4)', () => {
    expect(clinicCreateSchema.parse({ name: '店', smsSignature: '微笑口腔' }).timeZone).toBe('Asia/Shanghai');
  });
});
