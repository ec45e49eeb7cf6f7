/**
 * Delivery reports as CloudWatch metrics (embedded metric format, through Powertools Metrics), per
 * channel: how many reports came and how many said the message did not reach the handset. The
 * stack's failure-rate alarm reads them beside SNS's own (platform-alarms.ts). Counts and the
 * channel only: never a phone, a patient or a text. The twin keeps them out of its output.
 */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { deliveryMetrics } from '../../shared/domain/channels/delivery-metric-names.js';
import { runtimeMode } from './config.js';

let metrics: Metrics | undefined;

export const countDeliveryReports = (channel: string, counts: { reports: number; failed: number }): void => {
  if (counts.reports === 0 || runtimeMode() === 'local') return;
  metrics ??= new Metrics({ namespace: deliveryMetrics.namespace, serviceName: deliveryMetrics.service });
  metrics.addDimension('Channel', channel);
  metrics.addMetric(deliveryMetrics.reports, MetricUnit.Count, counts.reports);
  metrics.addMetric(deliveryMetrics.failed, MetricUnit.Count, counts.failed);
  metrics.publishStoredMetrics();
};
