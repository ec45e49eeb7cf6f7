/**
 * The texts of post-treatment care messages, a closed set keyed by care-pathway topic (zh-CN).
 * Invariant 9: an SMS never says what was treated or where. Each text is neutral care advice
 * ("follow the dentist's instructions, call us if anything feels wrong"); topics differ only in
 * timing (today, these days, the next visit), never in medical detail. Owners can name new
 * topics in the catalog; those get the generic text, never a text built from the topic.
 */
export const careTopics = [
  'post-extraction-care', 'post-implant-care', 'filling-care', 'crown-reminder',
  'post-op-48h', 'suture-removal', 'perio-care', 'whitening-care',
] as const;
export type CareTopic = (typeof careTopics)[number];

export const genericCareTemplate = '{name}您好，{clinic}提醒您：治疗后请按医嘱护理，如有不适请随时致电门店。';

export const careTemplates: Record<CareTopic, string> = {
  'post-extraction-care': '{name}您好，感谢您到{clinic}就诊。请按医生交代的注意事项护理，如有任何不适请随时致电门店。',
  'post-implant-care': '{name}您好，感谢您到{clinic}就诊。请按医嘱护理并按时复诊，如有任何不适请随时致电门店。',
  'filling-care': '{name}您好，{clinic}关心您就诊后的感受。请按医嘱护理，如有不适请随时致电门店。',
  'crown-reminder': '{name}您好，{clinic}提醒您：您的后续治疗还未完成，请致电门店预约下一次就诊时间。',
  'post-op-48h': '{name}您好，{clinic}关心您这两天的情况。请继续按医嘱护理，如有不适请随时致电门店。',
  'suture-removal': '{name}您好，{clinic}提醒您：医生为您安排的复诊时间快到了，请致电门店确认到店时间。',
  'perio-care': '{name}您好，{clinic}提醒您：治疗后请按医嘱做好日常清洁护理并按时复查，如有不适请随时致电门店。',
  'whitening-care': '{name}您好，{clinic}提醒您：治疗后一段时间内请按医生建议注意饮食，如有疑问请随时致电门店。',
};

const isCareTopic = (topic: string): topic is CareTopic => (careTopics as readonly string[]).includes(topic);

export const careTemplateFor = (topic: string): string => (isCareTopic(topic) ? careTemplates[topic] : genericCareTemplate);
