/**
 * Routes of the areas after the foundation, one file per area so that areas grow without
 * touching each other. Add an area here, and in `httpAreas` (route-definition.ts).
 */
import { catalogRoutes } from './catalog.js';
import { engagementRoutes } from './engagement.js';
import { appointmentRoutes } from './appointments.js';
import { visitRoutes } from './visits.js';
import { importRoutes } from './imports.js';
import { taskRoutes } from './tasks.js';
import { messageRoutes } from './messages.js';
import { kpiRoutes } from './kpi.js';
import { memberRoutes } from './members.js';
import { walletRoutes } from './wallet.js';
import { couponRoutes } from './coupons.js';
import { packRoutes } from './packs.js';
import { campaignRoutes } from './campaigns.js';
import { segmentRoutes } from './segments.js';
import { automationHoldoutRoutes } from './automation-holdouts.js';
import { eventRoutes } from './events.js';
import { installmentRoutes } from './installments.js';
import { profileRoutes } from './profile.js';
import { insuranceClaimRoutes } from './insurance-claims.js';
import { planRoutes } from './plan.js';
import { stockRoutes } from './stock.js';
import type { RouteDefinition } from './route-definition.js';

export const areaRoutes: RouteDefinition[] = [...catalogRoutes, ...engagementRoutes, ...appointmentRoutes, ...visitRoutes, ...importRoutes, ...taskRoutes, ...messageRoutes, ...kpiRoutes, ...memberRoutes, ...walletRoutes, ...couponRoutes, ...packRoutes, ...campaignRoutes, ...segmentRoutes, ...automationHoldoutRoutes, ...eventRoutes, ...installmentRoutes, ...profileRoutes, ...insuranceClaimRoutes, ...planRoutes, ...stockRoutes];

