import { describe, expect, it } from 'vitest';
import { logicalId, resourcesOf, synthesized, type PolicyStatementJson } from './synth.js';

describe('Smileloop stack', () => {
  it('is named Smileloop', () => {
    expect(synthesized().stack.stackName).toBe('Smileloop');
  });

  it('outputs what the dashboard, scripts and runbook need', () => {
    const { stack, template } = synthesized();
    const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(Object.keys(outputs).sort()).toEqual(
      ['ApiUrl', 'DashboardUrl', 'EventBusName', 'InboundSmsTopicArn', 'OperatorAlarmsTopicArn', 'StaffAlertsTopicArn', 'TableName', 'UserPoolClientId', 'UserPoolId'].sort(),
    );
    expect(outputs.ApiUrl?.Value).toEqual({ 'Fn::GetAtt': [logicalId(stack, stack.http.api), 'ApiEndpoint'] });
    expect(outputs.TableName?.Value).toEqual({ Ref: logicalId(stack, stack.data.table) });
    expect(outputs.UserPoolId?.Value).toEqual({ Ref: logicalId(stack, stack.auth.userPool) });
    expect(outputs.UserPoolClientId?.Value).toEqual({ Ref: logicalId(stack, stack.auth.client) });
    expect(outputs.EventBusName?.Value).toEqual({ Ref: logicalId(stack, stack.jobs.bus) });
    expect(outputs.StaffAlertsTopicArn?.Value).toEqual({ Ref: logicalId(stack, stack.messaging.staffAlerts) });
    expect(outputs.OperatorAlarmsTopicArn?.Value).toEqual({ Ref: logicalId(stack, stack.messaging.operatorAlarms) });
    expect(outputs.InboundSmsTopicArn?.Value).toEqual({ Ref: logicalId(stack, stack.messaging.inboundSms) });
    expect(JSON.stringify(outputs.DashboardUrl?.Value)).toContain(logicalId(stack, stack.site.distribution));
  });

  it('refuses non-TLS publishing on every SNS topic and admits only the expected AWS services', () => {
    const { stack, template } = synthesized();
    const policies = Object.values(resourcesOf(template, 'AWS::SNS::TopicPolicy'));
    // CloudWatch alarms reach the operator's topic only; no AWS service publishes to the chains' alerts.
    const expected: [string, string | undefined][] = [
      [logicalId(stack, stack.messaging.operatorAlarms), 'cloudwatch.amazonaws.com'],
      [logicalId(stack, stack.messaging.inboundSms), 'sms-voice.amazonaws.com'],
      [logicalId(stack, stack.messaging.staffAlerts), undefined],
    ];
    for (const [topicId, service] of expected) {
      const statements = policies
        .filter((p) => JSON.stringify(p.Properties.Topics) === JSON.stringify([{ Ref: topicId }]))
        .flatMap((p) => (p.Properties.PolicyDocument as { Statement: PolicyStatementJson[] }).Statement);
      expect(statements, topicId).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      );
      const allows = statements.filter((s) => s.Effect === 'Allow');
      expect(allows.map((s) => s.Principal), topicId).toEqual(service ? [{ Service: service }] : []);
      expect(allows.every((s) => s.Condition?.StringEquals !== undefined), topicId).toBe(true);
    }
  });

  it('retains every stateful resource', () => {
    const { template } = synthesized();
    for (const type of ['AWS::DynamoDB::Table', 'AWS::Cognito::UserPool', 'AWS::S3::Bucket']) {
      for (const [id, resource] of Object.entries(resourcesOf(template, type))) {
        expect(resource.DeletionPolicy, id).toBe('Retain');
      }
    }
  });
});
