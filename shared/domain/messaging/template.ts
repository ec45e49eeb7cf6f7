/**
 * Message text: the clinic's signature 【…】 first, the variables a template may use, and for
 * marketing a way to refuse at the end. Templates name no treatment: the variables are only
 * the patient's name, the clinic, a time and a coupon (invariant 9: no medical data in SMS).
 */
// amount and count: members' messages (value received, balance, benefits left), never a treatment.
export const templateVariables = ['name', 'clinic', 'time', 'coupon', 'amount', 'count'] as const;
export type TemplateVariable = (typeof templateVariables)[number];
export const refuseSuffix = { 'zh-CN': '退订回T', en: 'Reply T to opt out' } as const;

export type RenderResult = { ok: true; text: string } | { ok: false; reason: string };

export const renderMessage = (
  template: string,
  values: Partial<Record<TemplateVariable, string>>,
  signature: string,
  marketing: boolean,
  language: keyof typeof refuseSuffix = 'zh-CN',
): RenderResult => {
  const unknown = [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).filter((v) => !templateVariables.includes(v as TemplateVariable));
  if (unknown.length) return { ok: false, reason: `unknown variables: ${unknown.join(', ')}` };
  let missing = '';
  const body = template.replace(/\{(\w+)\}/g, (_m, name: TemplateVariable) => {
    const value = values[name];
    if (value === undefined) missing = name;
    return value ?? '';
  });
  if (missing) return { ok: false, reason: `no value for {${missing}}` };
  const text = `【${signature}】${body}${marketing && !body.includes(refuseSuffix[language]) ? ` ${refuseSuffix[language]}` : ''}`;
  return { ok: true, text };
};
