/**
 * The texts of an event's messages, as send-pipeline templates: {name} and {clinic} are filled
 * at the moment of sending, the signature 【…】 is put in front by the pipeline. The invitation is
 * marketing: it carries the refusal hint itself so that it can end with "报名回1" (the pipeline
 * adds 退订回T only when the text lacks it). Event titles and places hold no braces (the schema
 * refuses them), so they cannot smuggle a variable in.
 */
export type EventText = { title: string; place: string; date: string; time: string };

const when = (e: EventText): string => `${e.date.slice(5, 7)}月${e.date.slice(8, 10)}日 ${e.time}`;

export const invitationText = (e: EventText): string => `{name}您好，{clinic}诚邀您参加「${e.title}」，${when(e)}，地点：${e.place}，名额有限。退订回T，报名回1`;

/** `changed` and `event-cancelled`: the clinic moved or called off the event, told to those signed up or waiting. */
export const noticeKinds = ['signed-up', 'waiting', 'promoted', 'cancelled', 'changed', 'event-cancelled'] as const;
export type NoticeKind = (typeof noticeKinds)[number];

export const noticeText = (kind: NoticeKind, e: EventText): string => {
  switch (kind) {
    case 'signed-up':
      return `{name}您好，您已成功报名「${e.title}」，${when(e)}，地点：${e.place}。如需取消请回复"取消报名"。`;
    case 'waiting':
      return `{name}您好，「${e.title}」名额已满，您已加入候补，有空位时我们会短信通知您。回复"取消报名"可退出候补。`;
    case 'promoted':
      return `{name}您好，候补成功！您已报名「${e.title}」，${when(e)}，地点：${e.place}。如需取消请回复"取消报名"。`;
    case 'cancelled':
      return `{name}您好，您已取消「${e.title}」的报名。`;
    case 'changed':
      return `{name}您好，您报名的「${e.title}」时间或地点有调整：${when(e)}，地点：${e.place}。如不能到场请回复"取消报名"。`;
    case 'event-cancelled':
      return `{name}您好，很抱歉，「${e.title}」（${when(e)}）已取消，给您带来不便敬请谅解。`;
  }
};

export const reminderText = (e: EventText): string => `{name}您好，提醒您明天参加「${e.title}」，${when(e)}，地点：${e.place}。如不能到场请回复"取消报名"。`;

export const surveyText = (e: EventText, link: string): string => `{name}您好，感谢您参加「${e.title}」，请花1分钟告诉我们您的感受：${link}`;
