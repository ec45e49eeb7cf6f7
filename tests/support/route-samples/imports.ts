/** Sample requests of the imports area: a small archive uploaded as the owner where a route needs one. */
import { base64, csvText, utf8 } from '../../fixtures/imports/files.js';
import type { RouteSamples, SampleContext } from './types.js';

let counter = 0;

const uploadBody = (ctx: SampleContext) => {
  counter++;
  const csv = csvText([
    ['姓名', '手机', '最近就诊', '项目', '金额'],
    // four digits, however many files of this process have counted before (one module graph per worker)
    [`样本${counter}`, `1350000${String(counter % 10_000).padStart(4, '0')}`, '2023/5/1', '洁牙', '298'],
  ]);
  return { fileName: `样本${counter}.csv`, clinicId: ctx.twin.demo.jinganId, contentBase64: base64(utf8(csv)) };
};

const upload = async (ctx: SampleContext): Promise<string> => {
  const res = await ctx.twin.api<{ importId: string }>('POST', '/imports', { token: ctx.ownerToken, body: uploadBody(ctx) });
  if (res.status !== 201) throw new Error(`sample upload failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.importId;
};

export const importSamples: RouteSamples = {
  'POST /imports': (ctx) => ({ path: '/imports', body: uploadBody(ctx) }),
  'GET /imports': () => ({ path: '/imports' }),
  'GET /imports/{importId}': async (ctx) => ({ path: `/imports/${await upload(ctx)}` }),
  'PUT /imports/{importId}/mapping': async (ctx) => ({
    path: `/imports/${await upload(ctx)}/mapping`,
    body: { columns: { 姓名: 'name', 手机: 'phone', 最近就诊: 'lastVisitDate', 项目: 'procedure', 金额: 'amount' } },
  }),
  'POST /imports/{importId}/dry-run': async (ctx) => ({ path: `/imports/${await upload(ctx)}/dry-run` }),
  'GET /imports/{importId}/dry-run': async (ctx) => {
    const importId = await upload(ctx);
    await ctx.twin.api('POST', `/imports/${importId}/dry-run`, { token: ctx.ownerToken });
    return { path: `/imports/${importId}/dry-run?status=created` };
  },
  'POST /imports/{importId}/run': async (ctx) => ({ path: `/imports/${await upload(ctx)}/run` }),
  'GET /exports/patients': (ctx) => ({ path: `/exports/patients?clinicId=${ctx.twin.demo.jinganId}` }),
  'GET /exports/visits': (ctx) => ({ path: `/exports/visits?clinicId=${ctx.twin.demo.jinganId}&from=2020-01-01` }),
};
