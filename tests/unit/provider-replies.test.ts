import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { alibabaReplies, alibabaRepliesSchema, tencentReply, tencentReplySchema } from '../../shared/domain/channels/provider-replies.js';
import { tencentDeliveryReports, tencentReportSchema } from '../../shared/domain/channels/receipts.js';

describe('providers’ callbacks as documented', () => {
  it('Alibaba SmsUp: a mainland number without country code, Beijing time, the sequence id as the reply’s id', () => {
    const body = alibabaRepliesSchema.parse([{ phone_number: '13800001111', send_time: '2026-11-23 10:05:00', content: 'TD', sign_name: '微笑口腔', dest_code: '1234', sequence_id: 1234567890 }]);
    expect(alibabaReplies(body)).toEqual([{ channel: 'alibaba-sms', from: '+8613800001111', text: 'TD', replyId: 'alibaba-sms:1234567890', receivedAt: '2026-11-23T02:05:00.000Z' }]);
  });

  it('Tencent’s reply callback: the same push gives the same id, another time or text another; no phone in the id', () => {
    const body = tencentReplySchema.parse({ extend: '', mobile: '13800001111', nationcode: '86', sign: '微笑口腔', text: 'R', time: 1795408000 });
    const seal = (text: string) => createHmac('sha256', 'k').update(text).digest('base64url').slice(0, 24);
    const reply = tencentReply(body, seal);
    expect(reply).toMatchObject({ channel: 'tencent-sms', from: '+8613800001111', text: 'R', receivedAt: new Date(1795408000 * 1000).toISOString() });
    expect(tencentReply(body, seal).replyId).toBe(reply.replyId);
    expect(tencentReply({ ...body, time: body.time + 1 }, seal).replyId).not.toBe(reply.replyId);
    expect(reply.replyId).not.toContain('13800001111');
    expect(tencentReplySchema.safeParse({ ...body, mobile: '138-0000-1111' }).success).toBe(false);
  });

  it('Tencent’s status callback: SUCCESS delivered, FAIL failed with its errmsg, both by sid', () => {
    const body = tencentReportSchema.parse([
      { user_receive_time: '2015-10-17 08:03:04', nationcode: '86', mobile: '13800001111', report_status: 'SUCCESS', errmsg: 'DELIVRD', description: '用户短信送达成功', sid: 's1' },
      { user_receive_time: '2015-10-17 08:03:05', nationcode: '86', mobile: '13800001112', report_status: 'FAIL', errmsg: 'MK:0001', description: '空号', sid: 's2' },
    ]);
    expect(tencentDeliveryReports(body)).toEqual([
      { providerMessageId: 's1', status: 'delivered', at: '2015-10-17T00:03:04.000Z' },
      { providerMessageId: 's2', status: 'failed', code: 'MK:0001', at: '2015-10-17T00:03:05.000Z' },
    ]);
    expect(tencentReportSchema.safeParse([{ report_status: 'OK', sid: 's3' }]).success).toBe(false);
  });
});
