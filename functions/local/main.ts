/** `npm start`: the local twin on http://localhost:3000 (PORT overrides), with the demo chain. */
import { demoPassword, demoUsers } from './demo-users.js';
import { JavaMissingError } from './dynamo-local.js';
import { PortInUseError, startTwin } from './twin.js';

const port = process.env.PORT ? Number(process.env.PORT) : 3000;
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`PORT must be a number between 0 and 65535, not "${process.env.PORT}"`);
  process.exit(1);
}
const inMemory = process.argv.includes('--in-memory');

try {
  // On an empty database the demo chain comes with three years of history, so the dashboard means something.
  const twin = await startTwin({ port, inMemory, schedules: true, quiet: true, announce: true, demoHistory: true });
  if (twin.demoPatientBase) console.log(`Patient base: the first night's figures computed (${(twin.demoPatientBase.ms / 1000).toFixed(1)} s)`);
  if (twin.demoCampaigns) console.log(`Demo campaigns: ${twin.demoCampaigns.campaigns.length} finished with holdouts, 1 awaiting approval (${(twin.demoCampaigns.ms / 1000).toFixed(1)} s)`);
  console.log(`\nSmileloop local twin: ${twin.url}   (${inMemory ? 'in memory' : 'data in .data/'})`);
  console.log(`Demo logins, password "${demoPassword}":`);
  for (const user of demoUsers) console.log(`  ${user.role.padEnd(10)} ${user.email}`);
  console.log('Run a job now: POST /api/jobs/{name}/run as the owner (GET /api/jobs lists them). Ctrl-C stops everything.\n');
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    await twin.stop();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
} catch (error) {
  if (error instanceof JavaMissingError || error instanceof PortInUseError) {
    console.error(error.message);
  } else {
    console.error(`Could not start the local twin: ${error instanceof Error ? error.message : String(error)}`);
  }
  process.exit(1);
}
