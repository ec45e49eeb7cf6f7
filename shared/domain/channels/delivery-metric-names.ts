/** The delivery-report metrics the channels emit and the stack's alarm reads: one definition for both. */
export const deliveryMetrics = {
  namespace: 'Smileloop/Channels',
  /** Powertools Metrics adds it as the `service` dimension of every metric */
  service: 'smileloop-channels',
  reports: 'DeliveryReports',
  failed: 'DeliveryFailures',
  /** the providers that report delivery to us (SNS reports its own under AWS/SNS) */
  channels: ['alibaba-sms', 'tencent-sms', 'wechat'],
} as const;
