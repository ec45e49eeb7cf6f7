/**
 * AWS list prices the cost estimate uses (USD, on-demand, us-east-1, as published in 2025; the
 * Asian regions this stack is deployed to run 10–25% higher on some lines, which the goal's
 * margin absorbs). Free tiers are ignored on purpose: they are per account, not per chain, and a
 * deployment serving many chains uses them up. Plain data, so the bench and the dashboard price
 * the same usage the same way.
 */
export const awsPrices = {
  dynamodb: {
    /** on-demand, per million write / read request units (Nov 2024 prices) */
    writeRequestUnitsPerMillion: 0.625,
    readRequestUnitsPerMillion: 0.125,
    storagePerGbMonth: 0.25,
    /** continuous backups (PITR), per GB-month of table size */
    pitrPerGbMonth: 0.2,
    /** AWS Backup warm storage of DynamoDB recovery points, per GB-month */
    backupPerGbMonth: 0.1,
  },
  /** Arm (Graviton) compute, which every function runs on (infra/constructs/service-function.ts) */
  lambda: { requestsPerMillion: 0.2, perGbSecondArm: 0.0000133334 },
  /** HTTP API, first 300 million requests a month */
  httpApiPerMillion: 1.0,
  /** custom events put on a bus; scheduled rules themselves cost nothing */
  eventBridgeEventsPerMillion: 1.0,
  sns: { publishesPerMillion: 0.5, emailDeliveriesPer100k: 2.0 },
  /** Asia price class edge (PRICE_CLASS_200), first 10 TB */
  cloudFront: { perGbOut: 0.12, httpsRequestsPer10k: 0.012 },
  s3: { storagePerGbMonth: 0.023, getRequestsPer1000: 0.0004 },
  /** per monthly active user above the pool's free tier; LITE serves TOTP MFA */
  cognitoPerMau: { lite: 0.0055, essentials: 0.015, plus: 0.02 },
  cloudWatch: { alarmPerMonth: 0.1, logsIngestPerGb: 0.5, logsStoragePerGbMonth: 0.03 },
  xray: { tracesRecordedPerMillion: 5.0 },
  /** AWS SNS SMS to mainland China (+86), per message part; a Chinese text of ≤ 70 characters is one part */
  smsToChinaPerMessage: 0.0386,
} as const;

export type CognitoTier = keyof typeof awsPrices.cognitoPerMau;
