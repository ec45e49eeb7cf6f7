/** Sample requests of the areas after the foundation: one file per area, merged here. */
import type { RouteSamples } from './types.js';

export const areaSamples: RouteSamples = {};
