/**
 * Onboarding: one command creates a chain, its first clinic and its owner.
 *
 *   npm run onboard -- --chain "微笑口腔连锁" --brand 微笑口腔 --clinic 静安店 --owner-email boss@example.cn --owner-name 王院长
 *       local twin (default): uses the running twin's database, or the one in .data/ when it is not running;
 *       prints the owner's temporary password.
 *   add --aws --table <TableName> --user-pool <UserPoolId> --alerts-topic <StaffAlertsTopicArn> [--region ap-east-1]:
 *       the deployed stack (values from `npx cdk deploy` outputs); Cognito emails the owner a temporary password.
 *       The China regions (cn-*) cannot host the stack (no Cognito user pools, no CloudFront OAC).
 *   The owner's email (and --alerts-phone, if given) is subscribed to the chain's staff alerts and daily
 *   summary: SNS filters the shared topic on the chain's tenantId. --no-alerts-email skips the email.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { localIdentityTable, mainTable, envNames } from '../shared/tables.js';
import { emailSchema, smsSignatureSchema } from '../shared/schemas/org.js';
import { nameSchema, timeZoneSchema } from '../shared/schemas/common.js';
import { replyNumberSchema } from '../shared/schemas/sms-reply.js';
import { startDynamoLocal, localTableName, type DynamoLocal } from '../functions/local/dynamo-local.js';
import { defaultDataDir } from '../functions/local/twin.js';

const { values } = parseArgs({
  options: {
    chain: { type: 'string' },
    brand: { type: 'string' },
    clinic: { type: 'string' },
    'clinic-address': { type: 'string' },
    'time-zone': { type: 'string' },
    'owner-email': { type: 'string' },
    'owner-name': { type: 'string' },
    'reply-number': { type: 'string' },
    'alerts-phone': { type: 'string' },
    'no-alerts-email': { type: 'boolean', default: false },
    'alerts-topic': { type: 'string' },
    aws: { type: 'boolean', default: false },
    table: { type: 'string' },
    'user-pool': { type: 'string' },
    region: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});

const usage =
  'Usage: npm run onboard -- --chain NAME --brand SIGNATURE --clinic NAME --owner-email EMAIL --owner-name NAME\n' +
  '         [--clinic-address TEXT] [--time-zone Asia/Shanghai] [--reply-number +8610690000001]\n' +
  '         [--alerts-phone +8613800000000] [--no-alerts-email] [--aws --table TableName --user-pool UserPoolId --alerts-topic StaffAlertsTopicArn [--region ap-east-1]]';
if (values.help) {
  console.log(usage);
  process.exit(0);
}

const argsSchema = z.object({
  chain: nameSchema,
  brand: smsSignatureSchema,
  clinic: nameSchema,
  'clinic-address': z.string().max(200).optional(),
  'time-zone': timeZoneSchema.optional(),
  'owner-email': emailSchema,
  'owner-name': nameSchema,
  'reply-number': replyNumberSchema.optional(),
  'alerts-phone': z.string().regex(/^\+[1-9]\d{7,14}$/, 'must be an E.164 number such as +8613800000000').optional(),
});

const parsed = argsSchema.safeParse(values);
if (!parsed.success) {
  for (const issue of parsed.error.issues) console.error(`--${issue.path.join('.')}: ${issue.message}`);
  console.error(usage);
  process.exit(2);
}
const args = parsed.data;

const runningTwinEndpoint = (): string | undefined => {
  const stateFile = join(defaultDataDir, 'twin.json');
  if (!existsSync(stateFile)) return undefined;
  const state = JSON.parse(readFileSync(stateFile, 'utf8')) as { pid: number; dynamoEndpoint: string };
  try {
    process.kill(state.pid, 0);
    return state.dynamoEndpoint;
  } catch {
    return undefined;
  }
};

let ownDynamo: DynamoLocal | undefined;
if (values.aws) {
  if (!values.table || !values['user-pool'] || !values['alerts-topic']) {
    console.error('--aws needs --table, --user-pool and --alerts-topic (the TableName, UserPoolId and StaffAlertsTopicArn outputs of `npx cdk deploy`)');
    process.exit(2);
  }
  if (values.region?.startsWith('cn-')) {
    console.error(`--region ${values.region}: Smileloop cannot run in the China regions (no Cognito user pools, no CloudFront origin access control)`);
    process.exit(2);
  }
  Object.assign(process.env, {
    [envNames.mode]: 'cloud',
    [envNames.tableName]: values.table,
    [envNames.userPoolId]: values['user-pool'],
    [envNames.staffAlertsTopicArn]: values['alerts-topic'],
  });
  if (values.region) process.env.AWS_REGION = values.region;
} else {
  const endpoint = runningTwinEndpoint() ?? (ownDynamo = await startDynamoLocal({ dataDir: join(defaultDataDir, 'dynamodb') })).endpoint;
  Object.assign(process.env, {
    [envNames.mode]: 'local',
    [envNames.tableName]: localTableName(mainTable),
    [envNames.identityTableName]: localTableName(localIdentityTable),
    [envNames.dynamoEndpoint]: endpoint,
  });
}

try {
  const { onboardChain } = await import('../functions/services/onboarding.js');
  const result = await onboardChain({
    chainName: args.chain,
    brand: args.brand,
    clinic: { name: args.clinic, ...(args['clinic-address'] ? { address: args['clinic-address'] } : {}), ...(args['time-zone'] ? { timeZone: args['time-zone'] } : {}) },
    owner: { email: args['owner-email'], displayName: args['owner-name'] },
    ...(args['reply-number'] ? { replyNumber: args['reply-number'] } : {}),
    alerts: {
      ...(values['no-alerts-email'] ? {} : { email: args['owner-email'] }),
      ...(args['alerts-phone'] ? { phone: args['alerts-phone'] } : {}),
    },
  });
  console.log(`Chain "${result.chain.name}" created (tenant ${result.chain.tenantId}) with clinic "${result.clinic.name}".`);
  console.log(`Owner ${result.owner.email}: ${result.owner.temporaryPassword ? `temporary password ${result.owner.temporaryPassword}` : 'Cognito has emailed a temporary password'}`);
  for (const subscription of result.alertSubscriptions) console.log(`Staff alerts → ${subscription.to}: ${subscription.text}`);
} catch (error) {
  console.error(`Onboarding failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await ownDynamo?.stop();
}
