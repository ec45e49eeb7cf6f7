/** Care messages planned at checkout, and their texts (invariant 9: no treatment in SMS). */
import { describe, expect, it } from 'vitest';
import { careMessagesForVisit } from '../../shared/domain/care-pathway.js';
import { defaultCatalog } from '../../shared/domain/catalog-defaults.js';
import { careTemplateFor, careTemplates, careTopics, genericCareTemplate } from '../../shared/domain/messaging/care-templates.js';
import { renderMessage } from '../../shared/domain/messaging/template.js';
import { matchesRule } from '../../functions/local/event-bus.js';
import { eventRules, visitCheckedOutEvent } from '../../shared/schedules.js';
import { templateTextSchema } from '../../shared/schemas/automations.js';
import type { Procedure } from '../../shared/schemas/catalog.js';

const pathway = (code: string): { code: string; carePathway: Procedure['carePathway'] } => {
  const procedure = defaultCatalog.find((p) => p.code === code);
  if (!procedure) throw new Error(`no ${code} in the default catalog`);
  return { code, carePathway: procedure.carePathway };
};
const shanghai = 'Asia/Shanghai';

describe('care messages planned at checkout', () => {
  it('day 0 at checkout, later days at 10:00 clinic time; calls are not messages', () => {
    // Seen 14:00 Shanghai (06:00Z), checked out 14:40.
    const planned = careMessagesForVisit('V1', '2026-11-22T06:00:00.000Z', '2026-11-22T06:40:00.000Z', shanghai, [pathway('wisdom-tooth')]);
    expect(planned.map((m) => [m.occasion, m.topic, m.offsetDays, m.dueAt])).toEqual([
      ['care.V1.wisdom-tooth.0', 'post-extraction-care', 0, '2026-11-22T06:40:00.000Z'],
      ['care.V1.wisdom-tooth.2', 'post-op-48h', 2, '2026-11-24T02:00:00.000Z'],
      ['care.V1.wisdom-tooth.3', 'suture-removal', 7, '2026-11-29T02:00:00.000Z'],
    ]);
  });

  it('counts days from the visit’s local day, not its UTC day', () => {
    // 23:30 and 00:30 Shanghai: the same UTC day, different local days.
    const late = careMessagesForVisit('V1', '2026-11-22T15:30:00.000Z', '2026-11-22T15:35:00.000Z', shanghai, [pathway('filling-resin')]);
    const afterMidnight = careMessagesForVisit('V2', '2026-11-22T16:30:00.000Z', '2026-11-22T16:35:00.000Z', shanghai, [pathway('filling-resin')]);
    expect(late.map((m) => m.dueAt)).toEqual(['2026-11-23T02:00:00.000Z']);
    expect(afterMidnight.map((m) => m.dueAt)).toEqual(['2026-11-24T02:00:00.000Z']);
  });

  it('keeps 10:00 wall-clock across a daylight-saving change', () => {
    // New York springs forward on 2026-03-08: 10:00 is 15:00Z before, 14:00Z after.
    const planned = careMessagesForVisit('V1', '2026-03-06T20:00:00.000Z', '2026-03-06T20:10:00.000Z', 'America/New_York', [{ code: 'x', carePathway: [{ offsetDays: 1, action: 'message', topic: 'a' }, { offsetDays: 3, action: 'message', topic: 'b' }] }]);
    expect(planned.map((m) => m.dueAt)).toEqual(['2026-03-07T15:00:00.000Z', '2026-03-09T14:00:00.000Z']);
  });

  it('one message per (visit, procedure, step), even when a procedure is on two lines', () => {
    const planned = careMessagesForVisit('V1', '2026-11-22T06:00:00.000Z', '2026-11-22T06:00:00.000Z', shanghai, [pathway('wisdom-tooth'), pathway('cleaning'), pathway('wisdom-tooth'), pathway('root-canal')]);
    expect(planned.map((m) => m.occasion)).toEqual(['care.V1.wisdom-tooth.0', 'care.V1.wisdom-tooth.2', 'care.V1.wisdom-tooth.3', 'care.V1.root-canal.1']);
    expect(new Set(planned.map((m) => m.occasion)).size).toBe(planned.length);
  });

  it('none for procedures without message steps', () => {
    expect(careMessagesForVisit('V1', '2026-11-22T06:00:00.000Z', '2026-11-22T06:00:00.000Z', shanghai, [pathway('cleaning'), pathway('crown-zirconia')])).toEqual([]);
  });

  it('a visit entered late skips messages whose moment passed more than a day before checkout', () => {
    // Seen 10:00 on the 20th, entered 09:00 on the 22nd: day 0 is stale, day 2 (10:00 today) still ahead.
    const twoDaysLate = careMessagesForVisit('V1', '2026-11-20T02:00:00.000Z', '2026-11-22T01:00:00.000Z', shanghai, [pathway('wisdom-tooth')]);
    expect(twoDaysLate.map((m) => [m.offsetDays, m.dueAt])).toEqual([[2, '2026-11-22T02:00:00.000Z'], [7, '2026-11-27T02:00:00.000Z']]);
    // Entered 09:00 on the 23rd: day 2 passed 23 hours ago and is still sent (due at once).
    const threeDaysLate = careMessagesForVisit('V1', '2026-11-20T02:00:00.000Z', '2026-11-23T01:00:00.000Z', shanghai, [pathway('wisdom-tooth')]);
    expect(threeDaysLate.map((m) => [m.offsetDays, m.dueAt])).toEqual([[2, '2026-11-22T02:00:00.000Z'], [7, '2026-11-27T02:00:00.000Z']]);
    const tenDaysLate = careMessagesForVisit('V1', '2026-11-12T02:00:00.000Z', '2026-11-22T01:00:00.000Z', shanghai, [pathway('wisdom-tooth')]);
    expect(tenDaysLate).toEqual([]);
  });
});

describe('care message texts', () => {
  const texts = [...Object.values(careTemplates), genericCareTemplate];
  /** Treatment, body and procedure words that must never reach an SMS. */
  const medicalWords = [
    '拔', '智齿', '种植', '植体', '根管', '牙冠', '冠', '补牙', '树脂', '拆线', '缝线', '缝合', '伤口', '出血', '止血', '血', '牙周', '牙龈', '龈',
    '美白', '冷光', '矫正', '正畸', '麻药', '麻醉', '手术', '术后', '消炎', '抗生素', '止痛', '疼痛', '肿', '炎', '感染', '神经', '蛀', '龋', '牙', '口腔', '涂氟', '洁牙',
  ];

  it('name no procedure of the default catalog and no medical word', () => {
    for (const text of texts) {
      for (const procedure of defaultCatalog) expect(text, procedure.code).not.toContain(procedure.nameZh);
      for (const word of medicalWords) expect(text, word).not.toContain(word);
    }
  });

  it('every message topic of the default catalog has its own text; unknown topics get the generic one', () => {
    const topics = defaultCatalog.flatMap((p) => p.carePathway.filter((s) => s.action === 'message').map((s) => s.topic));
    for (const topic of topics) expect(careTopics as readonly string[]).toContain(topic);
    expect(careTemplateFor('post-op-48h')).toBe(careTemplates['post-op-48h']);
    expect(careTemplateFor('a-topic-an-owner-made-up')).toBe(genericCareTemplate);
  });

  it('are valid templates: only {name} and {clinic}, no signature brackets, render as care (no opt-out suffix)', () => {
    for (const text of texts) {
      expect(templateTextSchema.safeParse(text).success, text).toBe(true);
      const rendered = renderMessage(text, { name: '王女士', clinic: '静安店' }, '微笑口腔', false);
      expect(rendered.ok).toBe(true);
      if (rendered.ok) expect(rendered.text).toMatch(/^【微笑口腔】王女士您好，.*门店/);
    }
  });
});

describe('the checkout event', () => {
  it('reaches the care-messages job when a care message is due, and the triggered campaigns always', () => {
    const event = { source: visitCheckedOutEvent.source, detailType: visitCheckedOutEvent.detailType, detail: { tenantId: 't', visitId: 'v', careDue: true } };
    expect(eventRules.filter((r) => matchesRule(r, event)).map((r) => r.target)).toEqual(['care-messages', 'campaign-triggers']);
    const quiet = { ...event, detail: { tenantId: 't', visitId: 'v', careDue: false } };
    expect(eventRules.filter((r) => matchesRule(r, quiet)).map((r) => r.target)).toEqual(['campaign-triggers']);
  });
});
