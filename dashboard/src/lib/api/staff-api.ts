/** The staff screen (issue 13): invite, change role and clinics, disable and enable, resend. Paths match shared/routes.ts. */
import type { Items } from '$shared/schemas/common';
import type { AuditEvent } from '$shared/schemas/audit';
import type { Role } from '$shared/domain/access';
import type { StaffMember } from '$shared/schemas/org';
import type { HttpClient } from './http-client';

export type { AuditEvent, StaffMember };
/** Local mode only: the twin cannot email, so the inviter is shown the temporary password once. */
export type InvitedStaff = StaffMember & { temporaryPassword?: string };
export type StaffInviteInput = { email: string; displayName: string; role: Role; clinicIds: string[] };
export type StaffChanges = Partial<Pick<StaffMember, 'displayName' | 'role' | 'clinicIds'>>;

const seg = encodeURIComponent;

export class StaffApi {
  readonly #http: HttpClient;

  constructor(http: HttpClient) {
    this.#http = http;
  }

  list(): Promise<Items<StaffMember>> {
    return this.#http.request('GET', '/staff');
  }

  invite(input: StaffInviteInput): Promise<InvitedStaff> {
    return this.#http.request('POST', '/staff', { body: input });
  }

  /** Only what changed, at the version read (a 409 when someone saved first). */
  update(member: StaffMember, changes: StaffChanges): Promise<StaffMember> {
    return this.#http.request('PATCH', `/staff/${seg(member.userId)}`, { body: { ...changes, version: member.version ?? 0 } });
  }

  disable(member: StaffMember): Promise<StaffMember> {
    return this.#http.request('POST', `/staff/${seg(member.userId)}/disable`, { body: { version: member.version ?? 0 } });
  }

  enable(member: StaffMember): Promise<StaffMember> {
    return this.#http.request('POST', `/staff/${seg(member.userId)}/enable`, { body: { version: member.version ?? 0 } });
  }

  resendInvitation(member: StaffMember): Promise<InvitedStaff> {
    return this.#http.request('POST', `/staff/${seg(member.userId)}/invitation`);
  }

  /** audit:read (owner, manager): who read or changed this patient's record, newest first. */
  patientAudit(patientId: string, cursor?: string): Promise<{ items: AuditEvent[]; cursor?: string }> {
    return this.#http.request('GET', `/patients/${seg(patientId)}/audit`, { query: { limit: '50', ...(cursor ? { cursor } : {}) } });
  }
}
