/**
 * AWS Backup for the main table, deployed only when a second region is configured
 * (`-c backupCopyRegion`). In one region PITR is the restore path: any second of the last 35 days,
 * and a deleted table (deletion protection and RETAIN make that hard) leaves PITR's system backup
 * for 35 days. A same-region vault added nothing PITR lacks but a bill: each DynamoDB recovery
 * point is a full copy billed by the GB, so 5 weekly ones cost 2.5 times PITR (shared/domain/cost).
 * What PITR cannot survive is losing the region: that is what this plan and its copy are for.
 * Weekly, kept 35 days, in a retained vault, each point copied to the second region.
 */
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { BackupPlan, BackupPlanRule, BackupResource, BackupVault, type IBackupVault } from 'aws-cdk-lib/aws-backup';
import { Schedule } from 'aws-cdk-lib/aws-events';
import { Construct } from 'constructs';
import type { SmileloopConfig } from '../config.js';
import type { DataTable } from './data-table.js';

export type TableBackupProps = { config: SmileloopConfig; data: DataTable };

/** The copy region's vault; CloudFormation in this region cannot create it (README runbook). */
export const copyVaultName = (stage: string): string => `smileloop-${stage}-copy`;

export class TableBackup extends Construct {
  readonly vault: BackupVault;
  readonly plan: BackupPlan;

  constructor(scope: Construct, id: string, { config, data }: TableBackupProps) {
    super(scope, id);
    const { partition, account } = Stack.of(this);
    const retention = Duration.days(config.backup.retentionDays);

    this.vault = new BackupVault(this, 'Vault', { removalPolicy: RemovalPolicy.RETAIN });
    const copyRegion = config.backup.copyRegion;
    const copyVault: IBackupVault | undefined = copyRegion
      ? BackupVault.fromBackupVaultArn(this, 'CopyVault', `arn:${partition}:backup:${copyRegion}:${account}:backup-vault:${copyVaultName(config.stage)}`)
      : undefined;

    this.plan = new BackupPlan(this, 'Plan', {
      backupVault: this.vault,
      backupPlanRules: [
        new BackupPlanRule({
          ruleName: 'weekly',
          // Mondays 03:00 Asia/Shanghai, after the nightly jobs (02:00–02:30) have written their snapshots.
          scheduleExpression: Schedule.cron({ minute: '0', hour: '19', weekDay: 'SUN' }),
          deleteAfter: retention,
          ...(copyVault ? { copyActions: [{ destinationBackupVault: copyVault, deleteAfter: retention }] } : {}),
        }),
      ],
    });
    const selection = this.plan.addSelection('DataTable', { resources: [BackupResource.fromDynamoDbTable(data.table)] });
    Validations.of(selection).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
      reason: 'The AWS Backup service role: AWS maintains what Backup needs to snapshot a DynamoDB table; our functions never assume it.',
    });
  }
}
