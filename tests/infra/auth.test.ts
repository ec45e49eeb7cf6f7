import { describe, expect, it } from 'vitest';
import { roles } from '../../shared/domain/access.js';
import { envNames } from '../../shared/tables.js';
import { logicalId, resourcesOf, roleStatements, synthesizeApp, synthesized, type Synthesized } from './synth.js';

const pool = () => {
  const { stack, template } = synthesized();
  const resource = resourcesOf(template, 'AWS::Cognito::UserPool')[logicalId(stack, stack.auth.userPool)];
  if (!resource) throw new Error('user pool not in template');
  return resource;
};

const client = () => {
  const { stack, template } = synthesized();
  const resource = resourcesOf(template, 'AWS::Cognito::UserPoolClient')[logicalId(stack, stack.auth.client)];
  if (!resource) throw new Error('client not in template');
  return resource.Properties;
};

describe('staff identity (Cognito)', () => {
  it('lets only admins create users, who sign in with their email', () => {
    expect(pool().Properties).toMatchObject({
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      UsernameAttributes: ['email'],
      UsernameConfiguration: { CaseSensitive: false },
    });
  });

  it('requires a strong password and offers TOTP MFA', () => {
    expect(pool().Properties).toMatchObject({
      Policies: {
        PasswordPolicy: {
          MinimumLength: expect.any(Number),
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        },
      },
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
    });
    const policy = (pool().Properties.Policies as { PasswordPolicy: { MinimumLength: number } }).PasswordPolicy;
    expect(policy.MinimumLength).toBeGreaterThanOrEqual(12);
    expect(['OPTIONAL', 'ON']).toContain(pool().Properties.MfaConfiguration);
  });

  it('is retained and deletion-protected', () => {
    expect(pool().DeletionPolicy).toBe('Retain');
    expect(pool().Properties.DeletionProtection).toBe('ACTIVE');
  });

  it('carries the tenant (immutable) and clinic scope (mutable) as the claims the handlers read', () => {
    const schema = pool().Properties.Schema as { Name: string; Mutable: boolean }[];
    expect(schema).toContainEqual(expect.objectContaining({ Name: 'tenantId', Mutable: false }));
    expect(schema).toContainEqual(expect.objectContaining({ Name: 'clinicIds', Mutable: true }));
  });

  it('has one group per role, named exactly as shared/domain/access.ts', () => {
    const { template } = synthesized();
    const groups = Object.values(resourcesOf(template, 'AWS::Cognito::UserPoolGroup')).map((g) => g.Properties.GroupName);
    expect([...groups].sort()).toEqual([...roles].sort());
  });

  it('gives the SPA a public client with password/SRP sign-in and no OAuth', () => {
    expect(client()).toMatchObject({ GenerateSecret: false, AllowedOAuthFlowsUserPoolClient: false, PreventUserExistenceErrors: 'ENABLED' });
    expect(client().ExplicitAuthFlows).toEqual(
      expect.arrayContaining(['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']),
    );
  });

  it('never lets a signed-in user rewrite their own tenant or clinic scope', () => {
    const writable = client().WriteAttributes as string[] | undefined;
    // An absent list would mean "all writable attributes", custom:clinicIds included.
    expect(writable).toBeDefined();
    expect((writable ?? []).filter((a) => a.startsWith('custom:'))).toEqual([]);
    expect(client().ReadAttributes).toEqual(expect.arrayContaining(['custom:tenantId', 'custom:clinicIds']));
  });
});

describe('staff identity: the cheaper tier', () => {
  it('uses the Lite feature plan by default, which serves TOTP MFA', () => {
    expect(pool().Properties).toMatchObject({ UserPoolTier: 'LITE', EnabledMfas: ['SOFTWARE_TOKEN_MFA'] });
  });
});

describe('staff identity: MFA for owners and managers', () => {
  it('keeps MFA optional per user with TOTP only, and marks TOTP sign-ins with a V1 pre-token trigger', () => {
    const { stack } = synthesized();
    expect(pool().Properties).toMatchObject({ MfaConfiguration: 'OPTIONAL', EnabledMfas: ['SOFTWARE_TOKEN_MFA'] });
    expect(pool().Properties.LambdaConfig).toEqual({ PreTokenGeneration: { 'Fn::GetAtt': [logicalId(stack, stack.auth.preToken.fn), 'Arn'] } });
  });

  it('lets the trigger read users of this pool only (AdminGetUser), and Cognito invoke it', () => {
    const { stack, template } = synthesized();
    const statements = roleStatements(template, logicalId(stack, stack.auth.preToken.role));
    const cognito = statements.filter((s) => JSON.stringify(s.Action).includes('cognito-idp'));
    expect(cognito).toEqual([
      expect.objectContaining({ Effect: 'Allow', Action: 'cognito-idp:AdminGetUser', Resource: { 'Fn::GetAtt': [logicalId(stack, stack.auth.userPool), 'Arn'] } }),
    ]);
    const permissions = Object.values(resourcesOf(template, 'AWS::Lambda::Permission')).filter(
      (p) => JSON.stringify(p.Properties.FunctionName).includes(logicalId(stack, stack.auth.preToken.fn)),
    );
    expect(permissions).toEqual([expect.objectContaining({ Properties: expect.objectContaining({ Principal: 'cognito-idp.amazonaws.com' }) })]);
  });

  it('tells the API functions which roles need TOTP: owner and manager by default, none when switched off', () => {
    const envOf = (synth: Synthesized) =>
      [...synth.stack.http.functions.values()].map(
        (fn) => (resourcesOf(synth.template, 'AWS::Lambda::Function')[logicalId(synth.stack, fn.fn)]?.Properties.Environment as { Variables: Record<string, string> }).Variables[envNames.mfaRoles],
      );
    expect(new Set(envOf(synthesized()))).toEqual(new Set(['owner,manager']));
    const off = synthesizeApp({ context: { mfaRoles: 'none' } });
    expect(new Set(envOf(off))).toEqual(new Set(['none']));
  });
});
