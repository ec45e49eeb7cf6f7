/**
 * Table and index definitions: the one source of truth read by the CDK stack
 * (infra/constructs/data-table.ts) and by the local twin (functions/local/dynamo-local.ts).
 * Keys are generic (pk/sk/gsiNpk/gsiNsk) so that entities stay data, not schema.
 */
export type KeyAttribute = { name: string; type: 'S' | 'N' };

export type IndexDefinition = {
  name: string;
  partitionKey: KeyAttribute;
  sortKey: KeyAttribute;
  projection: 'ALL' | 'KEYS_ONLY';
};

export type TableDefinition = {
  /** logical id used by CDK and the base of the physical name locally */
  id: string;
  partitionKey: KeyAttribute;
  sortKey?: KeyAttribute;
  globalIndexes: IndexDefinition[];
  /** time-to-live attribute (epoch seconds) used by outbox rows and expired tokens */
  ttlAttribute?: string;
  /** deployed to AWS, or only used by the local twin (Cognito replaces it in the cloud) */
  scope: 'cloud-and-local' | 'local-only';
  /** a change stream, with each item as it was and as it is (read by functions/streams/) */
  stream?: 'NEW_AND_OLD_IMAGES';
};

const stringKey = (name: string): KeyAttribute => ({ name, type: 'S' });

const genericIndex = (n: number): IndexDefinition => ({
  name: `gsi${n}`,
  partitionKey: stringKey(`gsi${n}pk`),
  sortKey: stringKey(`gsi${n}sk`),
  projection: 'ALL',
});

/** The single clinic-data table. Every primary key begins with `T#<tenantId>` (invariant 1). */
export const mainTable: TableDefinition = {
  id: 'MainTable',
  partitionKey: stringKey('pk'),
  sortKey: stringKey('sk'),
  // gsi4: patients by birthday. Keys only: the job needs just who (the pipeline re-reads each
  // profile anyway), and with ALL every profile edit would rewrite a full copy into the index.
  // gsi5: patients by the pinyin of a Chinese name (keys only: the sort key itself holds the
  // reading the search compares). One index per deploy: CloudFormation adds one GSI per update.
  globalIndexes: [genericIndex(1), genericIndex(2), genericIndex(3), { ...genericIndex(4), projection: 'KEYS_ONLY' }, { ...genericIndex(5), projection: 'KEYS_ONLY' }],
  ttlAttribute: 'expiresAt',
  scope: 'cloud-and-local',
  // The KPI message counts follow the ledger's changes (functions/streams/message-counts.ts).
  stream: 'NEW_AND_OLD_IMAGES',
};

/** The local issuer's user store: stands in for the Cognito user pool on one machine. */
export const localIdentityTable: TableDefinition = {
  id: 'LocalIdentityTable',
  partitionKey: stringKey('pk'),
  globalIndexes: [],
  scope: 'local-only',
};

export const tableDefinitions: TableDefinition[] = [mainTable, localIdentityTable];

/** Environment variable names shared by the stack and the handlers. */
export const envNames = {
  tableName: 'TABLE_NAME',
  identityTableName: 'IDENTITY_TABLE_NAME',
  eventBusName: 'EVENT_BUS_NAME',
  staffAlertsTopicArn: 'STAFF_ALERTS_TOPIC_ARN',
  userPoolId: 'USER_POOL_ID',
  mode: 'SMILELOOP_MODE',
  dynamoEndpoint: 'DYNAMODB_ENDPOINT',
  /** the secret page cursors are sealed with (functions/adapters/dynamo/cursor.ts) */
  cursorSecret: 'CURSOR_SECRET',
  /** roles that must sign in with TOTP ("owner,manager"); unset or empty = nobody (shared/domain/mfa.ts) */
  mfaRoles: 'SMILELOOP_MFA_ROLES',
  /** campaigns "at" a time: the EventBridge Scheduler group, the role it invokes with, and the runner it invokes */
  campaignScheduleGroup: 'CAMPAIGN_SCHEDULE_GROUP',
  campaignSchedulerRoleArn: 'CAMPAIGN_SCHEDULER_ROLE_ARN',
  campaignRunnerArn: 'CAMPAIGN_RUNNER_ARN',
  /** where the public function forwards a provider's SMS reply (functions/adapters/reply-forwarder.ts) */
  inboundSmsTopicArn: 'INBOUND_SMS_TOPIC_ARN',
} as const;
