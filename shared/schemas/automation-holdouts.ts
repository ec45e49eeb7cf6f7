/** The automations that may hold out a share of households (path parameter of their results). */
import * as z from 'zod';
import { holdoutAutomations } from '../domain/campaigns/automation-holdout.js';

export const holdoutAutomationSchema = z.enum(holdoutAutomations);
