/** Runs only the campaign bench (campaigns.ts): `npx tsx tests/bench/campaigns-run.ts`. */
import { startTwin } from '../../functions/local/twin.js';
import { measureCampaigns } from './campaigns.js';
import { emit } from './units.js';

const twin = await startTwin({ port: 0, inMemory: true, quiet: true, seedDemo: false, messageCounts: 'on-demand' });
try {
  await measureCampaigns(emit);
} finally {
  await twin.stop();
}
