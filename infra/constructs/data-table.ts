/**
 * A DynamoDB table built from a definition in shared/tables.ts, so the deployed keys and
 * indexes are the ones the local twin creates in DynamoDB Local. Clinic data: it is never
 * deleted by CloudFormation (RETAIN + deletion protection) and can be restored to any second
 * of the last 35 days (PITR).
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import {
  AttributeType,
  BillingMode,
  ProjectionType,
  StreamViewType,
  Table,
  TableEncryption,
  type Attribute,
} from 'aws-cdk-lib/aws-dynamodb';
import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { KeyAttribute, TableDefinition } from '../../shared/tables.js';

const attribute = (key: KeyAttribute): Attribute => ({
  name: key.name,
  type: key.type === 'S' ? AttributeType.STRING : AttributeType.NUMBER,
});

/**
 * Item-level actions only: no Scan (every access pattern is a Query on a tenant-prefixed key),
 * no table management, no streams. TransactWriteItems/TransactGetItems are authorized through
 * these per-item actions.
 */
export const tableReadActions = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:ConditionCheckItem',
] as const;

export const tableWriteActions = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
] as const;

/** Writes that add or change an item but can never remove one (BatchWriteItem can delete). */
export const tablePutUpdateActions = ['dynamodb:PutItem', 'dynamodb:UpdateItem'] as const;

/**
 * The public forms: read the link by key, then put the lead or update the survey in a
 * transaction (whose conditions need ConditionCheckItem). No Query, no index, no delete.
 */
export const publicFormActions = ['dynamodb:GetItem', 'dynamodb:ConditionCheckItem', ...tablePutUpdateActions] as const;

export type DataTableProps = { definition: TableDefinition };

export class DataTable extends Construct {
  readonly table: Table;
  readonly definition: TableDefinition;

  constructor(scope: Construct, id: string, { definition }: DataTableProps) {
    super(scope, id);
    if (definition.scope !== 'cloud-and-local') {
      throw new Error(`table ${definition.id} is ${definition.scope}; only cloud tables are deployed`);
    }
    this.definition = definition;

    this.table = new Table(this, 'Table', {
      partitionKey: attribute(definition.partitionKey),
      ...(definition.sortKey ? { sortKey: attribute(definition.sortKey) } : {}),
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // KMS with the AWS-managed key: encryption is visible in the template and audit tools.
      encryption: TableEncryption.AWS_MANAGED,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      ...(definition.ttlAttribute ? { timeToLiveAttribute: definition.ttlAttribute } : {}),
      ...(definition.stream ? { stream: StreamViewType[definition.stream] } : {}),
    });

    for (const index of definition.globalIndexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: attribute(index.partitionKey),
        sortKey: attribute(index.sortKey),
        projectionType: index.projection === 'ALL' ? ProjectionType.ALL : ProjectionType.KEYS_ONLY,
      });
    }
  }

  /** Reads may use the table and each named index: explicit ARNs, no `index/*` wildcard. */
  grantRead(grantee: IGrantable): void {
    const indexArns = this.definition.globalIndexes.map((index) => `${this.table.tableArn}/index/${index.name}`);
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({ actions: [...tableReadActions], resources: [this.table.tableArn, ...indexArns] }),
    );
  }

  /** Writes only ever target the base table; indexes are maintained by DynamoDB. */
  grantReadWrite(grantee: IGrantable): void {
    this.grantRead(grantee);
    this.grantOnTable(grantee, tableWriteActions);
  }

  /** Reads, and writes that cannot delete: for jobs that only ever (over)write their own items. */
  grantReadPutUpdate(grantee: IGrantable): void {
    this.grantRead(grantee);
    this.grantOnTable(grantee, tablePutUpdateActions);
  }

  /** Reads, and updates of existing items only: no put, no delete (the sign-in's "who am I"). */
  grantReadUpdate(grantee: IGrantable): void {
    this.grantRead(grantee);
    this.grantOnTable(grantee, ['dynamodb:UpdateItem']);
  }

  /** Key reads and item writes on the base table only: the unauthenticated forms' function. */
  grantPublicForms(grantee: IGrantable): void {
    this.grantOnTable(grantee, publicFormActions);
  }

  private grantOnTable(grantee: IGrantable, actions: readonly string[]): void {
    grantee.grantPrincipal.addToPrincipalPolicy(new PolicyStatement({ actions: [...actions], resources: [this.table.tableArn] }));
  }
}
