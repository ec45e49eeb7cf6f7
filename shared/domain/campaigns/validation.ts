/**
 * What must hold before a campaign is submitted or launched: each problem names its field and a
 * stable code, and nothing is scheduled while any remains (issue 12, bad input).
 */
import type { FieldProblem } from '../errors.js';
import type { SendingWindow } from '../messaging/quiet-hours.js';
import type { CampaignInput } from '../../schemas/campaigns.js';
import { checkCampaignTemplate, exampleCampaignValues, renderCampaignText, smsParts } from './sms-text.js';

export const maxSmsParts = 4;
/** How far ahead a campaign or a member event may be planned. */
export const maxDaysAhead = 366;

/**
 * The text alone: variables, signature, medical words, and the length of the text as sent (with
 * typical values, the chain's 【signature】 and 退订回T), which is what the parts are paid on.
 */
export const templateProblems = (variants: CampaignInput['variants'], { signature = '微笑口腔' }: { signature?: string } = {}): FieldProblem[] =>
  variants.flatMap((variant, i) => {
    const path = `variants.${i}.template`;
    const check = checkCampaignTemplate(variant.template);
    const problems: FieldProblem[] = [];
    if (check.unknownVariables.length) problems.push({ path, message: `uses unknown variables: ${check.unknownVariables.join(', ')} (use {姓名} {门店} {优惠券} {有效期} {预约电话})`, code: 'template.variables', params: { vars: '{姓名} {门店} {优惠券} {有效期} {预约电话}' } });
    if (check.hasSignature) problems.push({ path, message: 'must not contain 【】: the chain signature is added for you', code: 'template.signature' });
    if (check.medicalWords.length) problems.push({ path, message: `names treatment or medical words (${check.medicalWords.join(', ')}); marketing texts may not`, code: 'campaign.medical_words', params: { words: check.medicalWords.join(', ') } });
    const rendered = renderCampaignText(variant.template, exampleCampaignValues, signature);
    if (smsParts(rendered.ok ? rendered.text : variant.template).parts > maxSmsParts) problems.push({ path, message: `is longer than ${maxSmsParts} SMS parts`, code: 'campaign.too_long', params: { parts: maxSmsParts } });
    return problems;
  });

/** The texts and their split: what the builder's live check and a saved draft both refuse. */
export const variantProblems = (variants: CampaignInput['variants'], options: { signature?: string } = {}): FieldProblem[] => {
  const problems = templateProblems(variants, options);
  const split = variants.reduce((s, v) => s + v.percent, 0);
  if (split !== 100) problems.push({ path: 'variants', message: `splits must sum to 100 (they sum to ${split})`, code: 'campaign.split_sum', params: { sum: split } });
  const keys = new Set(variants.map((v) => v.key));
  if (keys.size !== variants.length) problems.push({ path: 'variants', message: 'variant keys must differ', code: 'campaign.variant_repeat' });
  return problems;
};

export const draftProblems = (input: CampaignInput): FieldProblem[] => {
  const problems = variantProblems(input.variants);
  if (input.schedule.kind === 'trigger' && input.schedule.minScore !== undefined && input.schedule.event !== 'survey-answered') {
    problems.push({ path: 'schedule.minScore', message: 'applies only to a survey answered (its 推荐意愿 score); leave it out for other events', code: 'campaign.trigger_score' });
  }
  if (input.window.endHour <= input.window.startHour) problems.push({ path: 'window.endHour', message: 'must be after the start hour', code: 'campaign.window_outside' });
  if (input.couponDefinitionId === undefined && input.variants.some((v) => v.template.includes('{优惠券}') || v.template.includes('{有效期}'))) {
    problems.push({ path: 'couponDefinitionId', message: 'is needed for {优惠券} or {有效期}', code: 'required' });
  }
  return problems;
};

export type LaunchFacts = {
  input: CampaignInput;
  /** the chain's marketing window (quiet hours are outside it) */
  marketingWindow: SendingWindow;
  audienceSize: number;
  approvalRequired: boolean;
  approved: boolean;
  now: Date;
};

/** Draft problems plus what only launching can tell: window, audience, approval, a time in the past. */
export const launchProblems = (facts: LaunchFacts): FieldProblem[] => {
  const { input, marketingWindow } = facts;
  const problems = draftProblems(input);
  if (input.window.startHour < marketingWindow.startHour || input.window.endHour > marketingWindow.endHour) {
    problems.push({ path: 'window', message: `must lie inside the chain's marketing hours ${marketingWindow.startHour}:00–${marketingWindow.endHour}:00 (quiet hours are outside)`, code: 'campaign.window_outside', params: { start: marketingWindow.startHour, end: marketingWindow.endHour } });
  }
  // A triggered campaign's audience is whoever the events bring: empty today is no reason to refuse it.
  if (facts.audienceSize === 0 && input.schedule.kind !== 'trigger') problems.push({ path: 'segmentId', message: 'has nobody to send to after exclusions', code: 'campaign.audience_empty' });
  if (facts.approvalRequired && !facts.approved) problems.push({ path: 'status', message: 'needs an owner or manager to approve it first', code: 'campaign.not_approved' });
  if (input.schedule.kind === 'at' && Date.parse(input.schedule.at) <= facts.now.getTime()) problems.push({ path: 'schedule.at', message: 'is in the past', code: 'campaign.schedule_past' });
  // A year ahead at most: further is a typo (9999-12-31), and the audience would be long stale.
  if (input.schedule.kind === 'at' && Date.parse(input.schedule.at) > facts.now.getTime() + maxDaysAhead * 86_400_000) problems.push({ path: 'schedule.at', message: `must be within ${maxDaysAhead} days`, code: 'date.too_far', params: { days: maxDaysAhead } });
  return problems;
};
