/** Runs only the crash bench (crash.ts) on the demo chain's owner: `npx tsx tests/bench/crash-run.ts`. */
import { startTwin } from '../../functions/local/twin.js';
import { measureCrashes } from './crash.js';
import { emit } from './units.js';

const twin = await startTwin({ port: 0, inMemory: true, quiet: true });
try {
  const { verifyLocalUser } = await import('../../functions/adapters/identity/local-identity.js');
  const owner = await verifyLocalUser('owner@demo.local', 'demo');
  if (!owner) throw new Error('demo owner missing');
  await measureCrashes(owner, emit);
} finally {
  await twin.stop();
}
