/**
 * The chains' provider secrets (issue 14: Alibaba, Tencent, WeChat keys) live in Secrets Manager
 * under smileloop/<tenantId>/<channel> (functions/adapters/secrets/provider-secrets.ts). Senders
 * may read them; only the org API, where the owner saves channel settings, may write them.
 * Two managed policies shared by the roles, not one policy per function: the stack is close to
 * CloudFormation's 500 resources.
 */
import { Stack, Validations } from 'aws-cdk-lib';
import { ManagedPolicy, PolicyStatement, type IRole } from 'aws-cdk-lib/aws-iam';

const readActions = ['secretsmanager:GetSecretValue'];
const writeActions = ['secretsmanager:CreateSecret', 'secretsmanager:PutSecretValue', ...readActions];

const policyFor = (role: IRole, access: 'read' | 'write'): ManagedPolicy => {
  const stack = Stack.of(role);
  const id = access === 'read' ? 'ProviderSecretsRead' : 'ProviderSecretsWrite';
  const existing = stack.node.tryFindChild(id);
  if (existing instanceof ManagedPolicy) return existing;
  const policy = new ManagedPolicy(stack, id, {
    description: `Smileloop: ${access} the chains' provider secrets (smileloop/<tenantId>/<channel>)`,
    statements: [new PolicyStatement({ actions: access === 'read' ? readActions : writeActions, resources: [`arn:${stack.partition}:secretsmanager:${stack.region}:${stack.account}:secret:smileloop/*`] })],
  });
  Validations.of(policy).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:smileloop/*]',
    reason: 'One secret per chain and provider, named smileloop/<tenantId>/<channel>, created when an owner saves channel settings: the names are not known at deploy time, so the grant is the product\'s prefix.',
  });
  return policy;
};

export const grantProviderSecrets = (role: IRole, access: 'read' | 'write'): void => policyFor(role, access).attachToRole(role);
