import type { Patient } from '../../../shared/schemas/patient.js';
import type { TestTwin } from '../test-twin.js';

/** What a sample request may build on: the twin, a demo patient in 静安店, the owner's token. */
export type SampleContext = { twin: TestTwin; demoPatient: Patient; ownerToken: string };
/** `rawBody`: a body that is not JSON (a WeChat push is XML), sent as it is. */
export type Sample = { path: string; body?: unknown; rawBody?: string };
/**
 * A valid request per route key. Builders run once per call, so a request that changes state
 * (cancel, check in) can set up a fresh object first, using the owner's token.
 */
export type RouteSamples = Record<string, (ctx: SampleContext) => Sample | Promise<Sample>>;
