/** What a patient's SMS reply means, and which notifications the subscriber accepts. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyReply, isReplyNumber, normalizeReplyNumber, normalizeReplyText } from '../../shared/domain/messaging/replies.js';
import { parseInboundNotification, replyNumberSchema, smsReplySimulationSchema } from '../../shared/schemas/sms-reply.js';

describe('classifyReply', () => {
  it.each([
    ['1', 'confirm'], ['１', 'confirm'], [' 1 ', 'confirm'], ['1。', 'confirm'], ['确认', 'confirm'], ['确认！', 'confirm'], ['是', 'confirm'],
    ['2', 'reschedule'], ['２', 'reschedule'], ['改约', 'reschedule'], ['改期', 'reschedule'], ['2\n', 'reschedule'],
    ['T', 'opt-out'], ['t', 'opt-out'], ['R', 'opt-out'], ['r。', 'opt-out'], ['TD', 'opt-out'], ['td', 'opt-out'], ['Td', 'opt-out'], ['ＴＤ', 'opt-out'],
    ['STOP', 'opt-out'], ['stop', 'opt-out'], ['退订', 'opt-out'], ['退订。', 'opt-out'], ['取消订阅', 'opt-out'],
    ['明天下午能来吗', 'message'], ['12', 'message'], ['1 2', 'message'], ['不确认', 'message'], ['TDD', 'message'], ['', 'message'], ['   ', 'message'],
    ['谢谢，我会准时到', 'message'], ['3', 'message'], ['N', 'message'], ['n', 'message'],
  ] as const)('%j is %s', (body, intent) => {
    expect(classifyReply(body)).toBe(intent);
  });

  it('never fails, whatever the text: anything unknown is a message for the front desk', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (body) => ['confirm', 'reschedule', 'opt-out', 'message', 'sign-up', 'cancel-sign-up'].includes(classifyReply(body))));
  });

  it('normalizes full-width characters, edges and case only', () => {
    expect(normalizeReplyText(' ｔｄ！ ')).toBe('TD');
    expect(normalizeReplyText('明天 下午')).toBe('明天 下午');
  });
});

describe('reply numbers', () => {
  it('are stored in one form however they are typed', () => {
    expect(normalizeReplyNumber('+86 1069 0000 001')).toBe('+8610690000001');
    expect(normalizeReplyNumber('0086-10690000001')).toBe('+8610690000001');
    expect(normalizeReplyNumber('１０６９００００１')).toBe('106900001');
    expect(replyNumberSchema.parse(' +86 1069-0000-001 ')).toBe('+8610690000001');
  });

  it('accept long codes and short codes, refuse the rest', () => {
    expect(isReplyNumber('+8610690000001')).toBe(true);
    expect(isReplyNumber('106900001')).toBe(true);
    for (const bad of ['', '+', '123', '+0861069', 'abc12345', '+86106900000011234567']) expect(isReplyNumber(normalizeReplyNumber(bad)), bad).toBe(false);
    expect(replyNumberSchema.safeParse('not a number').success).toBe(false);
  });

  it('the simulation takes the phone a patient types and no tenant or target number', () => {
    expect(smsReplySimulationSchema.parse({ from: '138 0013 8000', body: '1' })).toEqual({ from: '+8613800138000', body: '1' });
    expect(smsReplySimulationSchema.safeParse({ from: '13800138000', body: '1', tenantId: 'x' }).success).toBe(false);
  });
});

describe('parseInboundNotification', () => {
  const valid = { originationNumber: '+8613800000001', destinationNumber: '+8610690000001', messageKeyword: 'KEYWORD', messageBody: '1', inboundMessageId: 'abc-1', previousPublishedMessageId: 'prev' };

  it('reads End User Messaging’s two-way SMS JSON, tolerating fields AWS may add', () => {
    const parsed = parseInboundNotification(JSON.stringify({ ...valid, newField: true }));
    expect(parsed).toMatchObject({ ok: true, sms: { messageBody: '1', inboundMessageId: 'abc-1' } });
  });

  it('reports what is wrong by field name, never by value', () => {
    expect(parseInboundNotification('not json +8613800000001')).toEqual({ ok: false, reason: 'not-json', fields: [] });
    const { messageBody: _b, ...noBody } = valid;
    const parsed = parseInboundNotification(JSON.stringify({ ...noBody, originationNumber: 8613800000001 }));
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.reason).toBe('not-an-inbound-sms');
      expect(parsed.fields.sort()).toEqual(['messageBody:invalid_type', 'originationNumber:invalid_type']);
      expect(JSON.stringify(parsed)).not.toContain('138');
    }
  });
});
