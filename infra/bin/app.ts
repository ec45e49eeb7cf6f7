/**
 * CDK entry point (`npx cdk synth`, `npx cdk deploy`). Context keys: stage, allowedOrigins,
 * mfa, featurePlan, geoAllowlist, dashboardDist, nag=false (see infra/config.ts).
 */
import { createSmileloopApp } from '../create-app.js';

const { app } = createSmileloopApp();
app.synth();
