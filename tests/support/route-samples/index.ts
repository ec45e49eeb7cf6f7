/** Sample requests of the areas after the foundation: one file per area, merged here. */
import { catalogSamples } from './catalog.js';
import { engagementSamples } from './engagement.js';
import { appointmentSamples } from './appointments.js';
import { visitSamples } from './visits.js';
import { importSamples } from './imports.js';
import { taskSamples } from './tasks.js';
import { messageSamples } from './messages.js';
import { kpiSamples } from './kpi.js';
import { memberSamples } from './members.js';
import { walletSamples } from './wallet.js';
import { couponSamples } from './coupons.js';
import { campaignSamples } from './campaigns.js';
import { segmentSamples } from './segments.js';
import { systemSamples } from './system.js';
import { packSamples } from './packs.js';
import { automationHoldoutSamples } from './automation-holdouts.js';
import { eventSamples } from './events.js';
import { installmentSamples } from './installments.js';
import { planSamples } from './plan.js';
import { stockSamples } from './stock.js';
import type { RouteSamples } from './types.js';

export const areaSamples: RouteSamples = { ...catalogSamples, ...engagementSamples, ...appointmentSamples, ...visitSamples, ...importSamples, ...taskSamples, ...messageSamples, ...kpiSamples, ...memberSamples, ...walletSamples, ...couponSamples, ...systemSamples, ...packSamples, ...campaignSamples, ...segmentSamples, ...automationHoldoutSamples, ...eventSamples, ...installmentSamples, ...planSamples, ...stockSamples };

