/**
 * Staff identity: a Cognito user pool whose ID tokens carry exactly the claims the local issuer
 * signs (`cognito:groups`, `custom:tenantId`, `custom:clinicIds`), one group per role, and an
 * SPA client. Staff are invited by the org API (AdminCreateUser); nobody signs themselves up.
 */
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import {
  AccountRecovery,
  CfnUserPoolGroup,
  ClientAttributes,
  FeaturePlan,
  Mfa,
  StandardThreatProtectionMode,
  StringAttribute,
  UserPool,
  UserPoolClient,
} from 'aws-cdk-lib/aws-cognito';
import { Policy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { roles, type Role } from '../../shared/domain/access.js';
import type { SmileloopConfig } from '../config.js';
import { authEntry } from '../paths.js';
import { ServiceFunction } from './service-function.js';

/** Claim names the handlers read (as `custom:<name>`) and the local issuer signs. */
export const customAttributes = { tenantId: 'tenantId', clinicIds: 'clinicIds' } as const;

const roleDescriptions: Record<Role, string> = {
  owner: 'Chain owner: every clinic, plans, prices, automation rules',
  manager: 'Clinic manager: own clinics, staff invitations',
  frontdesk: 'Front desk: patients, appointments, check-in and checkout',
  dentist: 'Dentist: own patients, medical fields, follow-ups',
  marketing: 'Marketing: segments and campaigns; never medical fields, phones masked',
};

export type AuthProps = {
  config: SmileloopConfig['auth'];
  /** carries the stage (stageNames) */
  userPoolName: string;
  /** for the pre-token-generation trigger's function */
  lambda: Pick<SmileloopConfig, 'lambda' | 'logRetention'>;
};

export class Auth extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;
  /** Adds smileloop:mfa to the ID token of users with TOTP (functions/auth/pre-token.ts). */
  readonly preToken: ServiceFunction;

  constructor(scope: Construct, id: string, { config, userPoolName, lambda }: AuthProps) {
    super(scope, id);
    this.preToken = new ServiceFunction(this, 'PreToken', {
      entry: authEntry('pre-token'),
      description: 'Smileloop: marks ID tokens of users who sign in with TOTP',
      serviceName: 'smileloop-auth-pre-token',
      environment: {},
      memoryMb: 256,
      timeout: Duration.seconds(5),
      logRetention: lambda.logRetention,
      logLevel: lambda.lambda.logLevel,
      tracing: lambda.lambda.tracing,
    });

    const plus = config.featurePlan === 'plus';
    this.userPool = new UserPool(this, 'UserPool', {
      // A pool's name can change in place (UpdateUserPool), so naming it replaces nothing.
      userPoolName,
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      standardAttributes: {
        email: { required: true, mutable: true },
        fullname: { required: false, mutable: true },
      },
      customAttributes: {
        // A user never moves between chains: the tenant is fixed at invitation (invariant 1).
        [customAttributes.tenantId]: new StringAttribute({ minLen: 1, maxLen: 64, mutable: false }),
        // Comma-separated clinic ids; the org API changes it when staff move between clinics.
        [customAttributes.clinicIds]: new StringAttribute({ minLen: 0, maxLen: 2048, mutable: true }),
      },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: config.mfa === 'required' ? Mfa.REQUIRED : Mfa.OPTIONAL,
      // TOTP only: SMS MFA would need an SNS role and costs per message.
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      featurePlan: { lite: FeaturePlan.LITE, essentials: FeaturePlan.ESSENTIALS, plus: FeaturePlan.PLUS }[config.featurePlan],
      ...(plus ? { standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION } : {}),
      userInvitation: {
        emailSubject: 'Smileloop 员工邀请 / staff invitation',
        emailBody:
          '您的 Smileloop 账号 / Your Smileloop username: {username}<br>临时密码 / Temporary password: {####}',
      },
      // V1 trigger events reach every feature plan (V2, access-token claims, needs Essentials).
      lambdaTriggers: { preTokenGeneration: this.preToken.fn },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // A policy of its own, not the role's default one: the function must exist before the pool
    // (its trigger) and this grant names the pool, so it cannot be a dependency of the function.
    this.preToken.role.attachInlinePolicy(
      new Policy(this, 'PreTokenReadsUsers', {
        statements: [new PolicyStatement({ actions: ['cognito-idp:AdminGetUser'], resources: [this.userPool.userPoolArn] })],
      }),
    );

    roles.forEach((role, precedence) => {
      new CfnUserPoolGroup(this, `Group-${role}`, {
        userPoolId: this.userPool.userPoolId,
        groupName: role,
        description: roleDescriptions[role],
        // Lower wins when a user is (wrongly) in two groups: the more powerful role is listed first.
        precedence,
      });
    });

    const custom = Object.values(customAttributes).map((name) => `custom:${name}`);
    this.client = this.userPool.addClient('DashboardClient', {
      generateSecret: false,
      authFlows: { userPassword: true, userSrp: true },
      disableOAuth: true,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: Duration.minutes(config.idTokenValidityMinutes),
      accessTokenValidity: Duration.minutes(config.idTokenValidityMinutes),
      refreshTokenValidity: Duration.hours(config.refreshTokenValidityHours),
      readAttributes: new ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true, fullname: true })
        .withCustomAttributes(...custom),
      // Without this a signed-in user could rewrite their own custom:clinicIds with
      // UpdateUserAttributes and widen their clinic scope.
      writeAttributes: new ClientAttributes().withStandardAttributes({ fullname: true }),
    });

    if (config.mfa !== 'required') {
      Validations.of(this.userPool).acknowledge({
        id: 'AwsSolutions-COG2',
        reason:
          'TOTP MFA is per user: the API requires it of the roles in config.auth.mfaRoles (owners and managers), whose dashboard enrolment screen sets it up; other roles may opt in. config.auth.mfa = required forces it on everyone.',
      });
    }
    if (!plus) {
      Validations.of(this.userPool).acknowledge({
        id: 'AwsSolutions-COG8',
        reason: 'Lite tier by default (config.auth.featurePlan): staff are invited, never sign themselves up, and use TOTP MFA; adaptive auth (Plus) costs 3.6x per MAU for a pool of a few dozen staff per chain. Set featurePlan=plus to buy it.',
      });
    }
  }

  /** The issuer the HTTP API's JWT authorizer trusts. ProviderURL has no scheme and already
   * carries the partition's domain (amazonaws.com or amazonaws.com.cn). */
  get issuerUrl(): string {
    return `https://${this.userPool.userPoolProviderUrl}`;
  }
}
