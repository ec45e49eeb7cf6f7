/**
 * CDK entry point (`npx cdk synth`, `npx cdk deploy`). Context keys: stage, allowedOrigins,
 * mfa, featurePlan, geoAllowlist, dashboardDist, backupCopyRegion, nag=false (see infra/config.ts).
 * `-c stage=prod` deploys the separate stack Smileloop-prod.
 */
import { createSmileloopApp } from '../create-app.js';

const { app } = createSmileloopApp();
app.synth();
