import type { costZhCN } from './cost.zh-cn';

/** The owner's cost card on the automations page (English). */
export const costEn: Record<keyof typeof costZhCN, string> = {
  'cost.title': 'Cost this month (estimate)',
  'cost.intro': "Your chain's patients, visits and messages so far this month, projected to the month's end at the same pace and priced at AWS list prices. Not AWS's bill.",
  'cost.total': 'AWS (outside SMS): about ${usd}',
  'cost.sms': 'SMS this month: about ${usd} ({count} sent × the price per message, an estimate)',
  'cost.item': 'Item',
  'cost.amount': 'USD',
  'cost.asOf': 'As of {day}',
  'cost.loading': 'Estimating…',
  'cost.item.dynamodb.writes': 'Database writes',
  'cost.item.dynamodb.reads': 'Database reads',
  'cost.item.dynamodb.storage': 'Data storage',
  'cost.item.dynamodb.pitr+backup': 'Point-in-time recovery and daily backups',
  'cost.item.lambda.requests': 'Function calls',
  'cost.item.lambda.compute': 'Function run time',
  'cost.item.api-gateway.http': 'API requests',
  'cost.item.eventbridge.events': 'Events',
  'cost.item.sns.staff-alerts': 'Staff alert emails',
  'cost.item.cloudfront+s3.dashboard': 'Dashboard delivery',
  'cost.item.cognito': 'Staff sign-in',
  'cost.item.cloudwatch.alarms': 'Alarms (platform share)',
  'cost.item.cloudwatch.logs': 'Logs',
  'cost.item.xray.traces': 'Request tracing',
};
