import { describe, expect, it } from 'vitest';
import { httpAreas, type HttpArea } from '../../shared/routes.js';
import { jobs } from '../../shared/schedules.js';
import { envNames } from '../../shared/tables.js';
import type { ServiceFunction } from '../../infra/constructs/service-function.js';
import { allowedActions, asList, logicalId, resourcesOf, roleStatements, synthesizeApp, synthesized, type CfnResource, type Synthesized, type PolicyStatementJson } from './synth.js';
import { referenceDeployment } from '../../shared/domain/cost/monthly-cost.js';

// Restated here on purpose rather than imported from infra: the test is the second opinion.
const read = ['dynamodb:BatchGetItem', 'dynamodb:ConditionCheckItem', 'dynamodb:GetItem', 'dynamodb:Query'];
const write = ['dynamodb:BatchWriteItem', 'dynamodb:DeleteItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'];
const logs = ['logs:CreateLogStream', 'logs:PutLogEvents'];
const expectedAreaActions: Record<HttpArea, string[]> = {
  system: [...logs, ...read, 'dynamodb:UpdateItem'],
  org: [
    ...logs, ...read, ...write, 'cognito-idp:AdminAddUserToGroup', 'cognito-idp:AdminCreateUser', 'cognito-idp:AdminDeleteUser', 'cognito-idp:AdminDisableUser',
    'cognito-idp:AdminEnableUser', 'cognito-idp:AdminRemoveUserFromGroup', 'cognito-idp:AdminUpdateUserAttributes', 'cognito-idp:AdminUserGlobalSignOut',
  ],
  patients: [...logs, ...read, ...write],
  messages: [...logs, ...read],
  jobs: [...logs, ...read, 'events:PutEvents'],
  engagement: [...logs, ...read, ...write, 'events:PutEvents'],
  marketing: [...logs, ...read, ...write, 'events:PutEvents', 'iam:PassRole', 'scheduler:CreateSchedule', 'scheduler:DeleteSchedule'],
  catalog: [...logs, ...read, ...write],
  appointments: [...logs, ...read, ...write, 'events:PutEvents'],
  visits: [...logs, ...read, ...write, 'events:PutEvents'],
  tasks: [...logs, ...read, ...write],
  imports: [...logs, ...read, ...write, 'events:PutEvents'],
  kpi: [...logs, ...read],
  members: [...logs, ...read, ...write, 'events:PutEvents'],
  wallet: [...logs, ...read, ...write, 'events:PutEvents'],
  // The unauthenticated forms: read a link by key, put a lead or update a survey. No Query, no delete.
  public: [...logs, 'dynamodb:ConditionCheckItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'events:PutEvents', 'sns:Publish'],
  plan: [...logs, ...read, ...write],
};
const expectedJobActions = [...logs, ...read, ...write, 'sns:Publish', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'];
/** Jobs that put their own next event on the bus (the import runner, chunk after chunk). */
const eventPuttingJobs = new Set(['import-runner', 'claim-sweep', 'patient-metrics']);
/** The snapshot writer overwrites its items and never deletes one (no DeleteItem, no BatchWriteItem). */
const noDeleteJobs = new Set(['patient-metrics']);
const expectedJobActionsOf = (job: string) => {
  const table = noDeleteJobs.has(job) ? expectedJobActions.filter((a) => a !== 'dynamodb:DeleteItem' && a !== 'dynamodb:BatchWriteItem') : expectedJobActions;
  return eventPuttingJobs.has(job) ? [...table, 'events:PutEvents'] : table;
};
/** The jobs that text patients: only they may publish to a phone number. */
const smsJobs = new Set(['appointment-reminders', 'message-retries', 'care-messages', 'recall', 'reactivation', 'greetings', 'installment-reminders', 'claim-sweep', 'member-messages', 'campaign-runner', 'campaign-triggers', 'member-events']);

const baseEnv = ['POWERTOOLS_SERVICE_NAME', 'POWERTOOLS_LOG_LEVEL', envNames.mode, envNames.tableName];
/** Every HTTP area may answer a page: it seals cursors with the stack's cursor secret. */
const areaEnv = [...baseEnv, envNames.cursorSecret, envNames.mfaRoles];
const expectedAreaEnv: Record<HttpArea, string[]> = {
  system: areaEnv,
  org: [...areaEnv, envNames.userPoolId],
  patients: areaEnv,
  messages: areaEnv,
  jobs: [...areaEnv, envNames.eventBusName],
  engagement: [...areaEnv, envNames.eventBusName],
  marketing: [...areaEnv, envNames.eventBusName, envNames.campaignScheduleGroup, envNames.campaignSchedulerRoleArn, envNames.campaignRunnerArn],
  catalog: areaEnv,
  appointments: [...areaEnv, envNames.eventBusName],
  visits: [...areaEnv, envNames.eventBusName],
  tasks: areaEnv,
  imports: [...areaEnv, envNames.eventBusName],
  kpi: areaEnv,
  members: [...areaEnv, envNames.eventBusName],
  wallet: [...areaEnv, envNames.eventBusName],
  public: [...areaEnv, envNames.eventBusName, envNames.inboundSmsTopicArn],
  plan: areaEnv,
};
const expectedJobEnv = [...baseEnv, envNames.staffAlertsTopicArn];
const expectedJobEnvOf = (job: string) => (eventPuttingJobs.has(job) ? [...expectedJobEnv, envNames.eventBusName] : expectedJobEnv);

/** Shapes of data that must never sit in Lambda configuration. */
const patientDataPatterns: [string, RegExp][] = [
  ['CJK text (names, notes)', /[\u3400-\u9fff]/],
  ['phone number', /(\+?86)?1[3-9]\d{9}|\+\d{8,15}/],
  ['national id', /\b\d{17}[\dXx]\b/],
  ['email address', /[^@\s]+@[^@\s]+\.[a-z]{2,}/i],
  ['date of birth', /\b(19|20)\d{2}-\d{2}-\d{2}\b/],
];

/** The SMS-reply subscriber: the table, its logs, and its dead-letter queue; no SMS sending. */
const expectedInboundActions = [...logs, ...read, ...write, 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'];
const expectedInboundEnv = baseEnv;

const ourFunctions = (synth: Synthesized = synthesized()): [string, ServiceFunction][] => {
  const { stack } = synth;
  return [
    ...[...stack.http.functions].map(([area, fn]): [string, ServiceFunction] => [`http:${area}`, fn]),
    ...[...stack.jobs.functions].map(([name, fn]): [string, ServiceFunction] => [`job:${name}`, fn]),
    ['inbound:sms-replies', stack.inbound.replies],
    ['auth:pre-token', stack.auth.preToken],
    ['stream:message-counts', stack.messageCounts.counter],
  ];
};

const functionResource = (fn: ServiceFunction, synth: Synthesized = synthesized()): CfnResource => {
  const { stack, template } = synth;
  const resource = resourcesOf(template, 'AWS::Lambda::Function')[logicalId(stack, fn.fn)];
  if (!resource) throw new Error(`${fn.node.path} not in template`);
  return resource;
};

const envOf = (fn: ServiceFunction): Record<string, unknown> =>
  (functionResource(fn).Properties.Environment as { Variables: Record<string, unknown> }).Variables;

const statementsOf = (fn: ServiceFunction) => {
  const { stack, template } = synthesized();
  return roleStatements(template, logicalId(stack, fn.role));
};

describe('Lambda functions', () => {
  it('deploys one function per HTTP area and per job', () => {
    const { stack } = synthesized();
    expect([...stack.http.functions.keys()].sort()).toEqual([...httpAreas].sort());
    expect([...stack.jobs.functions.keys()].sort()).toEqual(jobs.map((j) => j.name).sort());
  });

  it('runs every Node function on nodejs22.x, ARM', () => {
    const { template } = synthesized();
    const node = Object.entries(resourcesOf(template, 'AWS::Lambda::Function')).filter(
      ([id]) => !id.startsWith('CustomCDKBucketDeployment'),
    );
    expect(node.length).toBe(ourFunctions().length);
    for (const [id, fn] of node) {
      expect(fn.Properties.Runtime, id).toBe('nodejs22.x');
      expect(fn.Properties.Architectures, id).toEqual(['arm64']);
      expect(fn.Properties.Handler, id).toBe('index.handler');
    }
  });

  it('sizes HTTP functions at 512 MB / 10 s and jobs from the schedule table', () => {
    const { stack } = synthesized();
    for (const fn of stack.http.functions.values()) {
      expect(functionResource(fn).Properties).toMatchObject({ MemorySize: 512, Timeout: 10 });
    }
    for (const job of jobs) {
      const fn = stack.jobs.functions.get(job.name);
      if (!fn) throw new Error(job.name);
      expect(functionResource(fn).Properties.Timeout).toBe(job.timeoutSeconds);
    }
  });

  it('gives each function exactly the environment its code reads, in cloud mode', () => {
    const { stack } = synthesized();
    for (const [area, fn] of stack.http.functions) {
      expect(Object.keys(envOf(fn)).sort(), area).toEqual([...expectedAreaEnv[area]].sort());
    }
    for (const [job, fn] of stack.jobs.functions) {
      expect(Object.keys(envOf(fn)).sort(), job).toEqual([...expectedJobEnvOf(job)].sort());
    }
    expect(Object.keys(envOf(stack.inbound.replies)).sort()).toEqual([...expectedInboundEnv].sort());
    for (const [name, fn] of ourFunctions()) {
      const env = envOf(fn);
      expect(env[envNames.mode], name).toBe('cloud');
      expect(env[envNames.dynamoEndpoint], name).toBeUndefined();
      expect(env[envNames.identityTableName], name).toBeUndefined();
    }
  });

  it('puts no patient data in any environment variable: only names, ARNs and flags', () => {
    const { template } = synthesized();
    const allowedRefTypes = new Set(['AWS::DynamoDB::Table', 'AWS::Cognito::UserPool', 'AWS::Events::EventBus', 'AWS::SNS::Topic', 'AWS::IAM::Role', 'AWS::Lambda::Function']);
    const resources = template.toJSON().Resources as Record<string, { Type: string }>;
    for (const [name, fn] of ourFunctions()) {
      for (const [key, value] of Object.entries(envOf(fn))) {
        if (key === envNames.cursorSecret) {
          // The one secret: a dynamic reference to the stack's own Secrets Manager secret, never a literal.
          const text = JSON.stringify(value);
          expect(text, `${name} ${key}`).toContain('{{resolve:secretsmanager:');
          expect(Object.values(resources).some((r) => r.Type === 'AWS::SecretsManager::Secret')).toBe(true);
        } else if (typeof value === 'string') {
          expect(value.length, `${name} ${key}`).toBeLessThan(64);
          for (const [what, pattern] of patientDataPatterns) expect(value, `${name} ${key}: ${what}`).not.toMatch(pattern);
        } else {
          // A CloudFormation reference: it must point at infrastructure, not carry a value
          // (an ARN by GetAtt: the campaign scheduler's role and the runner it invokes).
          const getAtt = (value as { 'Fn::GetAtt'?: [string, string] })['Fn::GetAtt'];
          const ref = (value as { Ref?: string }).Ref ?? (getAtt?.[1] === 'Arn' && ['AWS::IAM::Role', 'AWS::Lambda::Function'].includes(resources[getAtt[0]]?.Type ?? '') ? getAtt[0] : undefined);
          expect(ref, `${name} ${key}`).toBeDefined();
          expect(allowedRefTypes.has(resources[ref ?? '']?.Type ?? ''), `${name} ${key} -> ${ref}`).toBe(true);
        }
      }
    }
  });

  it('grants each HTTP area exactly its listed actions, never a wildcard', () => {
    const { stack } = synthesized();
    for (const [area, fn] of stack.http.functions) {
      const actions = allowedActions(statementsOf(fn));
      expect(actions, area).toEqual([...expectedAreaActions[area]].sort());
      expect(actions.filter((a) => a.includes('*')), area).toEqual([]);
    }
  });

  it('lets read-only areas (messages, jobs) write nothing to the table, and system only update', () => {
    const { stack } = synthesized();
    const system = stack.http.functions.get('system');
    if (!system) throw new Error('system');
    expect(allowedActions(statementsOf(system)).filter((a) => /^dynamodb:(Put|Update|Delete|BatchWrite)/.test(a))).toEqual(['dynamodb:UpdateItem']);
    for (const area of ['messages', 'jobs'] as const) {
      const fn = stack.http.functions.get(area);
      if (!fn) throw new Error(area);
      const actions = allowedActions(statementsOf(fn));
      expect(actions.filter((a) => /^dynamodb:(Put|Update|Delete|BatchWrite)/.test(a)), area).toEqual([]);
    }
  });

  it('scopes table access to the main table and its named indexes, and writes to the table only', () => {
    const streamActions = ['dynamodb:ListStreams', 'dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'];
    const { stack } = synthesized();
    const tableArn = { 'Fn::GetAtt': [logicalId(stack, stack.data.table), 'Arn'] };
    const indexArn = (name: string) => ({ 'Fn::Join': ['', [tableArn, `/index/${name}`]] });
    const readable = [tableArn, ...stack.data.definition.globalIndexes.map((i) => indexArn(i.name))].map((r) => JSON.stringify(r));
    for (const [name, fn] of ourFunctions()) {
      for (const statement of statementsOf(fn)) {
        const actions = asList(statement.Action);
        if (!actions.some((a) => a.startsWith('dynamodb:'))) continue;
        expect(actions.every((a) => a.startsWith('dynamodb:')), name).toBe(true);
        if (actions.every((a) => streamActions.includes(a))) {
          // The change stream: its readers only, by the stream's ARN (ListStreams has no resource type).
          expect(name.startsWith('stream:'), name).toBe(true);
          const streamArn = JSON.stringify({ 'Fn::GetAtt': [logicalId(stack, stack.data.table), 'StreamArn'] });
          expect(asList(statement.Resource).map((r) => JSON.stringify(r)), name).toEqual(actions.includes('dynamodb:ListStreams') ? ['"*"'] : [streamArn]);
          continue;
        }
        const resources = asList(statement.Resource).map((r) => JSON.stringify(r));
        const writes = actions.some((a) => write.includes(a));
        expect(resources, name).toEqual(writes ? [JSON.stringify(tableArn)] : readable);
      }
    }
  });

  it('counts messages off the table stream: ledger items only, whole batches again on failure, then a paging queue', () => {
    const { stack, template } = synthesized();
    const table = resourcesOf(template, 'AWS::DynamoDB::Table')[logicalId(stack, stack.data.table)];
    expect(table?.Properties.StreamSpecification).toEqual({ StreamViewType: 'NEW_AND_OLD_IMAGES' });
    const mappings = Object.values(resourcesOf(template, 'AWS::Lambda::EventSourceMapping'));
    expect(mappings).toHaveLength(1);
    expect(mappings[0]?.Properties).toMatchObject({
      FunctionName: { Ref: logicalId(stack, stack.messageCounts.counter.fn) },
      EventSourceArn: { 'Fn::GetAtt': [logicalId(stack, stack.data.table), 'StreamArn'] },
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: 1000,
      MaximumBatchingWindowInSeconds: 30,
      BisectBatchOnFunctionError: false,
      MaximumRetryAttempts: 10,
      FilterCriteria: { Filters: [{ Pattern: JSON.stringify({ eventName: ['INSERT', 'MODIFY'], dynamodb: { Keys: { sk: { S: [{ prefix: 'MSG#' }] } } } }) }] },
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [logicalId(stack, stack.messageCounts.deadLetterQueue), 'Arn'] } } },
    });
  });

  it('scopes Cognito admin actions to the pool and PutEvents to the Smileloop bus', () => {
    const { stack } = synthesized();
    const org = stack.http.functions.get('org');
    const jobsArea = stack.http.functions.get('jobs');
    if (!org || !jobsArea) throw new Error('missing area');
    const cognito = statementsOf(org).filter((s) => asList(s.Action).some((a) => a.startsWith('cognito-idp:')));
    expect(cognito.map((s) => s.Resource)).toEqual([{ 'Fn::GetAtt': [logicalId(stack, stack.auth.userPool), 'Arn'] }]);
    const importsArea = stack.http.functions.get('imports');
    const visitsArea = stack.http.functions.get('visits');
    const importRunner = stack.jobs.functions.get('import-runner');
    for (const fn of [jobsArea, importsArea, visitsArea, importRunner]) {
      if (!fn) throw new Error('missing function');
      const events = statementsOf(fn).filter((s) => asList(s.Action).includes('events:PutEvents'));
      expect(events.map((s) => s.Resource), fn.node.path).toEqual([{ 'Fn::GetAtt': [logicalId(stack, stack.jobs.bus), 'Arn'] }]);
    }
  });

  it('lets the public function publish to the inbound-SMS topic only (a provider’s reply), never to a phone', () => {
    const { stack } = synthesized();
    const publicFn = stack.http.functions.get('public');
    if (!publicFn) throw new Error('no public function');
    const publish = statementsOf(publicFn).filter((s) => asList(s.Action).includes('sns:Publish'));
    expect(publish).toEqual([{ Effect: 'Allow', Action: 'sns:Publish', Resource: { Ref: logicalId(stack, stack.messaging.inboundSms) } }]);
  });

  it('grants job functions table read/write, staff alerts and their dead-letter queue, and SMS only to the jobs that text', () => {
    const { stack } = synthesized();
    const alertsArn = { Ref: logicalId(stack, stack.messaging.staffAlerts) };
    const phoneOnly = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sns:*:*:*']] };
    for (const [name, fn] of stack.jobs.functions) {
      const statements = statementsOf(fn);
      expect(allowedActions(statements), name).toEqual([...expectedJobActionsOf(name)].sort());
      expect(statements.filter((s) => asList(s.Resource).includes('*')), name).toEqual([]);
      const publish = statements.filter((s) => asList(s.Action).includes('sns:Publish'));
      // Topics: the staff-alerts topic, by its exact ARN, and nothing else.
      expect(publish.filter((s) => s.Resource !== undefined).map((s) => s.Resource), name).toEqual([alertsArn]);
      // Phones: "*" minus every topic ARN, for the jobs that text and no other.
      const phones = publish.filter((s) => s.Resource === undefined);
      if (smsJobs.has(name)) {
        expect(phones, name).toEqual([{ Effect: 'Allow', Action: 'sns:Publish', NotResource: phoneOnly }]);
      } else {
        expect(phones, name).toEqual([]);
      }
      for (const statement of publish) expect(asList(statement.Action), name).toEqual(['sns:Publish']);
    }
    expect([...stack.jobs.functions.keys()].filter((name) => smsJobs.has(name)).sort()).toEqual([...smsJobs].sort());
  });

  it('lets the snapshot job (patient-metrics) put and update but never delete', () => {
    const { stack } = synthesized();
    const fn = stack.jobs.functions.get('patient-metrics');
    if (!fn) throw new Error('patient-metrics');
    const actions = allowedActions(statementsOf(fn));
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:UpdateItem']));
    expect(actions.filter((a) => /Delete|BatchWrite|\*/.test(a))).toEqual([]);
  });

  it('lets the public forms function read items by key and write them, on the base table only', () => {
    const { stack } = synthesized();
    const fn = stack.http.functions.get('public');
    if (!fn) throw new Error('public');
    const table = statementsOf(fn).filter((s) => asList(s.Action).some((a) => a.startsWith('dynamodb:')));
    expect(table.map((s) => s.Resource)).toEqual([{ 'Fn::GetAtt': [logicalId(stack, stack.data.table), 'Arn'] }]);
    expect(allowedActions(table).filter((a) => /Query|Scan|Delete|Batch/.test(a))).toEqual([]);
  });

  it('leaves X-Ray off by default, as the cost model prices it (infra/config.ts says why)', () => {
    const { template } = synthesized();
    const modes = Object.values(resourcesOf(template, 'AWS::Lambda::Function')).map((f) => (f.Properties.TracingConfig as { Mode?: string } | undefined)?.Mode);
    expect(modes.filter((m) => m === 'Active')).toEqual([]);
    expect(referenceDeployment.traceSampleRate).toBe(0);
  });

  it('with -c tracing=active, traces every function with X-Ray through one shared write-only policy', () => {
    const active = synthesizeApp({ context: { tracing: 'active' } });
    const { stack, template } = active;
    const policies = Object.values(resourcesOf(template, 'AWS::IAM::ManagedPolicy'));
    const xray = policies.filter((p) => JSON.stringify(p.Properties.PolicyDocument).includes('xray:'));
    expect(xray).toHaveLength(1);
    const statements = (xray[0]?.Properties.PolicyDocument as { Statement: PolicyStatementJson[] }).Statement;
    expect(statements).toEqual([{ Effect: 'Allow', Action: ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'], Resource: '*' }]);
    const attached = asList(xray[0]?.Properties.Roles as unknown[]).map((r) => JSON.stringify(r));
    for (const [name, fn] of ourFunctions(active)) {
      expect(functionResource(fn, active).Properties.TracingConfig, name).toEqual({ Mode: 'Active' });
      expect(attached, name).toContain(JSON.stringify({ Ref: logicalId(stack, fn.role) }));
    }
  });

  it('grants the SMS-reply subscriber the table and its dead-letter queue only: no SMS, no wildcard', () => {
    const { stack } = synthesized();
    const statements = statementsOf(stack.inbound.replies);
    expect(allowedActions(statements)).toEqual([...expectedInboundActions].sort());
    expect(statements.filter((s) => asList(s.Resource).includes('*'))).toEqual([]);
    const queueArn = { 'Fn::GetAtt': [logicalId(stack, stack.inbound.deadLetterQueue), 'Arn'] };
    const sqs = statements.filter((s) => asList(s.Action).some((a) => a.startsWith('sqs:')));
    expect(sqs.map((s) => s.Resource)).toEqual([queueArn]);
  });

  it('lets only the jobs that text and the patients API (a patient’s WeChat QR) read the chains’ provider secrets, and only the org API write them', () => {
    const { stack, template } = synthesized();
    const policies = resourcesOf(template, 'AWS::IAM::ManagedPolicy');
    const secretsPolicy = (access: 'Read' | 'Write') => Object.entries(policies).find(([id]) => id.startsWith(`ProviderSecrets${access}`))?.[1];
    const rolesOf = (access: 'Read' | 'Write') => asList(secretsPolicy(access)?.Properties.Roles as unknown[]).map((r) => JSON.stringify(r)).sort();
    const roleRef = (fn: ServiceFunction) => JSON.stringify({ Ref: logicalId(stack, fn.role) });
    const texting = [...stack.jobs.functions].filter(([name]) => smsJobs.has(name)).map(([, fn]) => roleRef(fn));
    const patientsApi = stack.http.functions.get('patients');
    if (!patientsApi) throw new Error('patients');
    expect(rolesOf('Read')).toEqual([...texting, roleRef(patientsApi)].sort());
    const org = stack.http.functions.get('org');
    if (!org) throw new Error('org');
    expect(rolesOf('Write')).toEqual([roleRef(org)]);
    const statements = (access: 'Read' | 'Write') => (secretsPolicy(access)?.Properties.PolicyDocument as { Statement: PolicyStatementJson[] }).Statement;
    expect(statements('Read').flatMap((s) => asList(s.Action))).toEqual(['secretsmanager:GetSecretValue']);
    expect(statements('Write').flatMap((s) => asList(s.Action)).sort()).toEqual(['secretsmanager:CreateSecret', 'secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue']);
    for (const access of ['Read', 'Write'] as const) expect(JSON.stringify(statements(access).map((s) => s.Resource))).toMatch(/secret:smileloop\/\*/);
  });

  it('attaches no AWS-managed policies to function roles', () => {
    const { stack, template } = synthesized();
    const roles = resourcesOf(template, 'AWS::IAM::Role');
    for (const [name, fn] of ourFunctions()) {
      expect(roles[logicalId(stack, fn.role)]?.Properties.ManagedPolicyArns, name).toBeUndefined();
    }
  });
});
