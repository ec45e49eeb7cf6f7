import type { Segment } from '../../../shared/schemas/segments.js';
import type { RouteSamples, SampleContext } from './types.js';

const conditions = { op: 'and', conditions: [{ field: 'activity', in: ['dormant'] }, { field: 'marketingConsent', value: true }] };

/** A saved segment of the sample chain (campaign samples name one too). */
/** A saved segment; by the owner (all clinics) unless another role's token is given (its clinics). */
export const freshSegment = async (ctx: SampleContext, options: { token?: string } = {}): Promise<Segment> => {
  const res = await ctx.twin.api<Segment>('POST', '/segments', { token: options.token ?? ctx.ownerToken, body: { name: '沉睡高价值', conditions } });
  if (res.status >= 300) throw new Error(`sample segment failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
};

const oneClinicSegment = async (ctx: SampleContext): Promise<Segment> => freshSegment(ctx, { token: await ctx.twin.tokenFor('manager') });

export const segmentSamples: RouteSamples = {
  'GET /segments': () => ({ path: '/segments' }),
  'POST /segments': () => ({ path: '/segments', body: { name: '沉睡患者', conditions } }),
  'POST /segments/preview': () => ({ path: '/segments/preview', body: { conditions } }),
  'GET /segments/{segmentId}': async (ctx) => ({ path: `/segments/${(await freshSegment(ctx)).segmentId}` }),
  // Changed by anyone whose clinics cover its reach: a segment of 静安店 (the manager's), which
  // every segment role works in.
  'PATCH /segments/{segmentId}': async (ctx) => {
    const s = await oneClinicSegment(ctx);
    return { path: `/segments/${s.segmentId}`, body: { name: '改名', version: s.version } };
  },
  'DELETE /segments/{segmentId}': async (ctx) => ({ path: `/segments/${(await oneClinicSegment(ctx)).segmentId}` }),
  'POST /segments/{segmentId}/freeze': async (ctx) => ({ path: `/segments/${(await oneClinicSegment(ctx)).segmentId}/freeze` }),
  'GET /segments/{segmentId}/export': async (ctx) => ({ path: `/segments/${(await freshSegment(ctx)).segmentId}/export` }),
};
