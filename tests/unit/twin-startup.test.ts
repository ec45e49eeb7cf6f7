/** The twin's two start-up failures a person meets most: a busy port and no Java. One clear line each. */
import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { JavaMissingError, startDynamoLocal } from '../../functions/local/dynamo-local.js';
import { PortInUseError, startTwin } from '../../functions/local/twin.js';

let blocker: Server | undefined;
const originalPath = process.env.PATH;
afterEach(() => {
  blocker?.close();
  process.env.PATH = originalPath;
});

describe('local twin start-up', () => {
  it('names the busy port and how to pick another', async () => {
    blocker = createServer();
    const port = await new Promise<number>((ready) => blocker?.listen(0, () => ready((blocker?.address() as { port: number }).port)));
    const attempt = startTwin({ port, inMemory: true, quiet: true });
    await expect(attempt).rejects.toBeInstanceOf(PortInUseError);
    await expect(attempt).rejects.toThrow(`Port ${port} is already in use`);
    await expect(attempt).rejects.toThrow(/PORT=\d+ npm start/);
  });

  it('says how to install Java when it is missing', async () => {
    process.env.PATH = '/nonexistent';
    await expect(startDynamoLocal()).rejects.toBeInstanceOf(JavaMissingError);
    await expect(startDynamoLocal()).rejects.toThrow(/apt-get install -y openjdk-17-jre-headless/);
  });
});
