import { describe, expect, it } from 'vitest';
import { matchRoute } from '../../functions/local/gateway.js';
import { matchesRule, toCronerPattern } from '../../functions/local/event-bus.js';
import { callerFromEvent } from '../../functions/http/lib/caller.js';
import { eventRules } from '../../shared/schedules.js';
import type { HttpEvent } from '../../functions/http/lib/router.js';

describe('local gateway route matching', () => {
  it('matches path templates and extracts parameters', () => {
    expect(matchRoute('GET', '/patients/01ABC')).toMatchObject({ route: { path: '/patients/{patientId}' }, pathParameters: { patientId: '01ABC' } });
    expect(matchRoute('GET', '/patients')?.route.path).toBe('/patients');
    expect(matchRoute('DELETE', '/patients/01ABC')).toBeUndefined();
    expect(matchRoute('GET', '/patients/a/b')).toBeUndefined();
  });
});

describe('local scheduler', () => {
  it('turns EventBridge cron into croner patterns and refuses numeric days of week', () => {
    expect(toCronerPattern('cron(0 18 * * ? *)')).toBe('0 18 * * ?');
    expect(toCronerPattern('cron(0 1 ? * MON *)')).toBe('0 1 ? * MON');
    expect(() => toCronerPattern('cron(0 1 ? * 2 *)')).toThrow(/by name/);
    expect(() => toCronerPattern('rate(5 minutes)')).toThrow();
  });

  it('matches event rules by source, detail-type and detail', () => {
    const rule = eventRules[0];
    if (!rule) throw new Error('no rules');
    expect(matchesRule(rule, { source: 'smileloop.api', detailType: 'Job Run Requested', detail: { job: rule.target } })).toBe(true);
    expect(matchesRule(rule, { source: 'smileloop.api', detailType: 'Job Run Requested', detail: { job: 'other' } })).toBe(false);
    expect(matchesRule(rule, { source: 'evil', detailType: 'Job Run Requested', detail: { job: rule.target } })).toBe(false);
  });
});

describe('caller from claims (invariant 1)', () => {
  const event = (claims: Record<string, string>) => ({ requestContext: { authorizer: { jwt: { claims, scopes: [] } } } }) as unknown as HttpEvent;

  it('reads the tenant, the most privileged group and the clinic scope as API Gateway passes them', () => {
    expect(callerFromEvent(event({ sub: 'u', email: 'e', 'custom:tenantId': 't', 'cognito:groups': '[frontdesk manager]', 'custom:clinicIds': 'a,b' }))).toEqual({
      userId: 'u', email: 'e', tenantId: 't', role: 'manager', clinicScope: ['a', 'b'],
    });
    expect(callerFromEvent(event({ sub: 'u', 'custom:tenantId': 't', 'cognito:groups': '[owner]', 'custom:clinicIds': '*' })).clinicScope).toBe('all');
  });

  it('refuses claims without a tenant', () => {
    expect(() => callerFromEvent(event({ sub: 'u', 'cognito:groups': '[owner]' }))).toThrow(/identity/);
  });
});
