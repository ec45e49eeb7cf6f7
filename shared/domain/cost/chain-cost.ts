/** What GET /chain/cost answers (functions/services/chain-cost.ts): shared with the dashboard. */
import type { ChainCostEstimate } from './monthly-cost.js';

export type ChainCost = ChainCostEstimate & { month: string; asOfDay: string };
