import type { publicZhCN } from './public.zh-cn';

/** The pages a patient opens from a link: the satisfaction survey and the online questionnaire (English). */
export const publicEn: Record<keyof typeof publicZhCN, string> = {
  'pub.linkGone': 'This link is not valid any more; please contact the clinic.',
  'pub.thanks': 'Thank you!',
  'pub.thanksSurvey': 'We have your answer and will act on it.',
  'pub.thanksIntake': '{clinic} will contact you soon about a free check-up.',
  'pub.failed': 'That did not go through; please try again later.',
  'pub.tooMany': 'Too many people answered today; please try tomorrow or call the clinic.',
  'pub.chooseOne': 'Choose one',
  'pub.send': 'Send',
  'pub.surveyTitle': '{clinic} satisfaction survey',
  'pub.surveyIntro': 'About your visit on {date}: one minute to tell us how it went.',
  'pub.score': 'How satisfied were you with this visit?',
  'pub.scoreEnds': '1 = very unhappy, 5 = very happy',
  'pub.nps': 'How likely are you to recommend us to family and friends?',
  'pub.npsEnds': '0 = not at all, 10 = very likely',
  'pub.comment': 'Anything else you would like to tell us? (optional)',
  'pub.intakeTitle': '{clinic} dental questionnaire',
  'pub.name': 'Your name',
  'pub.phone': 'Mobile number',
  'pub.budget': 'Budget',
  'pub.priority': 'What matters most to you',
  'pub.interests': 'Treatments you are interested in (any)',
  'pub.preferredTime': 'When you would like to come',
};
