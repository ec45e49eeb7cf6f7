/**
 * The whole Smileloop deployment in one stack: data, identity, messaging, jobs, API, dashboard.
 * Constructs are wired here and nowhere else, so this file reads as the architecture diagram.
 */
import { envNames } from '../../shared/tables.js';
import { CfnOutput, Stack, type StackProps, Tags } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { mainTable, tableDefinitions } from '../../shared/tables.js';
import { stageNames, type SmileloopConfig } from '../config.js';
import { Auth } from '../constructs/auth.js';
import { apiPathPrefix, DashboardSite } from '../constructs/dashboard-site.js';
import { DataTable } from '../constructs/data-table.js';
import { SmileloopHttpApi } from '../constructs/http-api.js';
import { InboundSms } from '../constructs/inbound-sms.js';
import { MessageCounts } from '../constructs/message-counts.js';
import { Jobs } from '../constructs/jobs.js';
import { Messaging } from '../constructs/messaging.js';
import { PlatformAlarms } from '../constructs/platform-alarms.js';
import { TableBackup } from '../constructs/table-backup.js';
import { CampaignScheduling } from '../constructs/campaign-scheduling.js';
import { grantProviderSecrets } from '../constructs/provider-secrets.js';

export type SmileloopStackProps = StackProps & { config: SmileloopConfig };

export class SmileloopStack extends Stack {
  readonly tables: ReadonlyMap<string, DataTable>;
  readonly data: DataTable;
  readonly auth: Auth;
  readonly messaging: Messaging;
  readonly jobs: Jobs;
  readonly inbound: InboundSms;
  readonly messageCounts: MessageCounts;
  readonly site: DashboardSite;
  readonly http: SmileloopHttpApi;
  readonly alarms: PlatformAlarms;
  /** Only with -c backupCopyRegion: PITR is the in-region restore path (table-backup.ts). */
  readonly backup: TableBackup | undefined;
  readonly campaignScheduling: CampaignScheduling;

  constructor(scope: Construct, id: string, props: SmileloopStackProps) {
    super(scope, id, props);
    const { config } = props;
    Tags.of(this).add('app', 'smileloop');
    Tags.of(this).add('stage', config.stage);

    // Local-only tables (the laptop issuer's user store) are replaced by Cognito in the cloud.
    this.tables = new Map(
      tableDefinitions
        .filter((definition) => definition.scope === 'cloud-and-local')
        .map((definition) => [definition.id, new DataTable(this, definition.id, { definition })]),
    );
    const data = this.tables.get(mainTable.id);
    if (!data) throw new Error(`${mainTable.id} must be deployed`);
    this.data = data;

    this.backup = config.backup.copyRegion ? new TableBackup(this, 'Backup', { config, data }) : undefined;
    this.auth = new Auth(this, 'Auth', { config: config.auth, userPoolName: stageNames(config.stage).userPool, lambda: config });
    this.messaging = new Messaging(this, 'Messaging');
    this.jobs = new Jobs(this, 'Jobs', { config, data, messaging: this.messaging });
    this.inbound = new InboundSms(this, 'InboundSms', { config, data, messaging: this.messaging });
    this.messageCounts = new MessageCounts(this, 'MessageCounts', { config, data, messaging: this.messaging });
    this.http = new SmileloopHttpApi(this, 'Http', { config, data, auth: this.auth, bus: this.jobs.bus });
    this.site = new DashboardSite(this, 'Dashboard', { config, api: this.http.api });
    const runner = this.jobs.functions.get('campaign-runner');
    const campaignsApi = this.http.functions.get('marketing');
    if (!runner || !campaignsApi) throw new Error('the campaign runner and the marketing API must be deployed');
    this.campaignScheduling = new CampaignScheduling(this, 'CampaignScheduling', { config, runner, api: campaignsApi });
    // The owner saves channel settings through the org API, which writes the chain's provider secrets (issue 14).
    const orgApi = this.http.functions.get('org');
    if (!orgApi) throw new Error('the org API must be deployed');
    grantProviderSecrets(orgApi.role, 'write');
    // The desk makes a patient's WeChat QR through the Official Account's API (functions/services/wechat-qr.ts).
    const patientsApi = this.http.functions.get('patients');
    if (!patientsApi) throw new Error('the patients API must be deployed');
    grantProviderSecrets(patientsApi.role, 'read');
    // Providers push patients' replies to the public function, which hands each to the inbound-SMS
    // subscriber through its topic (functions/adapters/reply-forwarder.ts): one publish, nothing more.
    const publicApi = this.http.functions.get('public');
    if (!publicApi) throw new Error('the public API must be deployed');
    this.messaging.inboundSms.grantPublish(publicApi.role);
    publicApi.fn.addEnvironment(envNames.inboundSmsTopicArn, this.messaging.inboundSms.topicArn);

    this.alarms = new PlatformAlarms(this, 'Alarms', {
      config,
      operator: this.messaging.operatorAlarms,
      api: this.http.api,
      data,
    });

    this.site.deploy({
      mode: 'cloud',
      // Same origin: CloudFront passes /api/* to the HTTP API (dashboard-site.ts).
      apiUrl: apiPathPrefix,
      cognito: {
        region: this.region,
        userPoolId: this.auth.userPool.userPoolId,
        clientId: this.auth.client.userPoolClientId,
      },
    });

    const outputs: Record<string, string> = {
      ApiUrl: this.http.api.apiEndpoint,
      DashboardUrl: this.site.origin,
      TableName: data.table.tableName,
      UserPoolId: this.auth.userPool.userPoolId,
      UserPoolClientId: this.auth.client.userPoolClientId,
      EventBusName: this.jobs.bus.eventBusName,
      // Each chain subscribes here at onboarding, filtered on its tenantId (scripts/onboard.ts).
      StaffAlertsTopicArn: this.messaging.staffAlerts.topicArn,
      // The operator subscribes here once (README): every platform alarm.
      OperatorAlarmsTopicArn: this.messaging.operatorAlarms.topicArn,
      // Where the phone number's two-way SMS must point (an account-level step, see the README).
      InboundSmsTopicArn: this.messaging.inboundSms.topicArn,
    };
    for (const [name, value] of Object.entries(outputs)) new CfnOutput(this, name, { value });
  }
}
