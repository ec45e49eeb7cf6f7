/** Who may change whom on the staff screen (shared/domain/staff-admin.ts), without a database. */
import { describe, expect, it } from 'vitest';
import type { Caller } from '../../shared/domain/access.js';
import { DomainError } from '../../shared/domain/errors.js';
import { applyStaffChange, checkStaffAction, mayManage, removesAnOwner } from '../../shared/domain/staff-admin.js';
import type { StaffMember } from '../../shared/schemas/org.js';

const owner: Caller = { userId: 'u-owner', email: 'o@x.cn', tenantId: 't', role: 'owner', clinicScope: 'all' };
const manager: Caller = { userId: 'u-mgr', email: 'm@x.cn', tenantId: 't', role: 'manager', clinicScope: ['c1'] };
const person = (over: Partial<StaffMember> = {}): StaffMember => ({
  userId: 'u-1', email: 'p@x.cn', displayName: '小李', role: 'frontdesk', clinicIds: ['c1'], status: 'active', createdAt: '2026-01-01T00:00:00Z', version: 0, ...over,
});
const known = new Set(['c1', 'c2']);
const codeOf = (run: () => unknown): string | undefined => {
  try {
    run();
  } catch (error) {
    return error instanceof DomainError ? error.fields[0]?.code : 'not a DomainError';
  }
  return undefined;
};

describe('staff rules', () => {
  it('a manager manages the desk, dentists and marketing of their own clinics only', () => {
    expect(mayManage(manager, person())).toBe(true);
    expect(mayManage(manager, person({ clinicIds: ['c1', 'c2'] }))).toBe(false);
    expect(mayManage(manager, person({ role: 'manager' }))).toBe(false);
    expect(mayManage(manager, person({ role: 'owner', clinicIds: [] }))).toBe(false);
    expect(mayManage(owner, person({ role: 'owner', clinicIds: [] }))).toBe(true);
  });

  it('refuses a change of one’s own role, a role the caller cannot give, and a clinic not theirs', () => {
    expect(codeOf(() => applyStaffChange(owner, person({ userId: 'u-owner', role: 'owner', clinicIds: [] }), { role: 'manager', clinicIds: ['c1'], version: 0 }, known))).toBe('staff.self');
    expect(codeOf(() => applyStaffChange(manager, person(), { role: 'manager', version: 0 }, known))).toBe('role.not_allowed');
    expect(codeOf(() => applyStaffChange(manager, person(), { clinicIds: ['c2'], version: 0 }, known))).toBe('clinic.not_yours');
    expect(codeOf(() => applyStaffChange(owner, person(), { clinicIds: [], version: 0 }, known))).toBe('required');
  });

  it('an owner has no clinics; duplicates are dropped; a name alone keeps the rest', () => {
    expect(applyStaffChange(owner, person(), { role: 'owner', version: 0 }, known)).toMatchObject({ role: 'owner', clinicIds: [] });
    expect(applyStaffChange(owner, person(), { clinicIds: ['c1', 'c2', 'c1'], version: 0 }, known).clinicIds).toEqual(['c1', 'c2']);
    expect(applyStaffChange(owner, person(), { displayName: '李明', version: 0 }, known)).toMatchObject({ displayName: '李明', role: 'frontdesk', clinicIds: ['c1'] });
  });

  it('nobody disables themselves; only an unused invitation is sent again', () => {
    expect(codeOf(() => checkStaffAction(owner, person({ userId: 'u-owner', role: 'owner' }), 'disable'))).toBe('staff.self');
    expect(codeOf(() => checkStaffAction(owner, person(), 'resend'))).toBe('staff.not_invited');
    expect(codeOf(() => checkStaffAction(owner, person({ status: 'invited' }), 'resend'))).toBeUndefined();
  });

  it('taking an active owner away needs another active owner', () => {
    const boss = person({ role: 'owner', clinicIds: [] });
    expect(removesAnOwner(boss, { ...boss, status: 'disabled' })).toBe(true);
    expect(removesAnOwner(boss, { ...boss, role: 'manager' })).toBe(true);
    expect(removesAnOwner(boss, { ...boss, displayName: '王总' })).toBe(false);
    expect(removesAnOwner({ ...boss, status: 'invited' }, { ...boss, status: 'disabled' })).toBe(false);
  });
});
