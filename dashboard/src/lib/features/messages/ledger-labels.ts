import type { LedgerDecision, LedgerStatus } from '../../api/types';
import type { I18n } from '../../i18n/i18n.svelte';

/** Why the automation decided as it did, in the reader's language; unknown reasons as recorded. */
export const reasonText = (i18n: I18n, decision: LedgerDecision | undefined): string => {
  const reason = decision?.reason;
  if (!reason) return '';
  if (decision.kind === 'failed') return i18n.t('reason.publishFailed', { error: reason });
  // "template: unknown variables: x" keeps its detail after the translated cause
  const template = /^template(?::\s*(.*))?$/.exec(reason);
  if (template) return template[1] ? `${i18n.t('reason.template')}: ${template[1]}` : i18n.t('reason.template');
  return i18n.label('reason', reason);
};

export const statusTone = (status: LedgerStatus): string => {
  switch (status) {
    case 'sent':
      return 'badge-success';
    case 'failed':
      return 'badge-danger';
    case 'deferred':
    case 'unknown':
      return 'badge-warning';
    case 'claimed':
      return 'badge-primary';
    case 'skipped':
      return '';
  }
};

/**
 * What the message was about, read from its occasion key (appt.<id>.v2.day-before,
 * installment.<visit>.3…); a key this page does not know is shown as recorded.
 */
export const occasionText = (i18n: I18n, occasion: string): string => {
  const parts = occasion.split('.');
  const [kind] = parts;
  const last = parts.at(-1) ?? '';
  switch (kind) {
    case 'appt':
      return last === 'day-before' || last === 'two-hours' ? i18n.t(`occ.appt.${last}`) : occasion;
    case 'care':
      return i18n.t('occ.care', { n: Number(last) + 1 });
    case 'recall':
      return parts[2] ? i18n.t('occ.recall', { date: i18n.date(parts[2]) }) : occasion;
    case 'installment':
      return i18n.t('occ.installment', { n: last });
    case 'renewal':
      if (parts[2] && last === 'lapsed') return i18n.t('occ.renewalLapsed', { date: i18n.date(parts[2]) });
      return parts[2] ? i18n.t('occ.renewal', { date: i18n.date(parts[2]), n: last }) : occasion;
    // benefits.<card>.<end>, checkup.<card>.<month>, low-balance.v<n>
    case 'benefits':
      return parts[2] ? i18n.t('occ.benefits', { date: i18n.date(parts[2]) }) : occasion;
    case 'checkup':
      return parts[2] ? i18n.t('occ.checkup', { month: parts[2] }) : occasion;
    case 'low-balance':
      return i18n.t('occ.lowBalance');
    case 'reactivation':
      return i18n.t('occ.reactivation', { n: last.replace(/^a/, '') });
    case 'birthday':
      return i18n.t('occ.birthday', { year: last });
    case 'holiday':
      return i18n.date(last);
    // msg.<day>.<n>: what marketing reads in place of an occasion that would name a treatment
    case 'msg':
      return parts[1] ? i18n.date(parts[1]) : occasion;
    default:
      return occasion;
  }
};
