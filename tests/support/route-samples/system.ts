import type { RouteSamples } from './types.js';

export const systemSamples: RouteSamples = {
  'GET /openapi.json': () => ({ path: '/openapi.json' }),
};
