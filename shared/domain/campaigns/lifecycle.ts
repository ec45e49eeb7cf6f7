/**
 * A campaign's lifecycle: draft → awaiting approval → scheduled → sending → completed, with
 * pause, resume and cancel. Pure: each action either gives the next status or a refusal the API
 * answers with 409. A recurring campaign returns to `scheduled` after each run.
 */

export const campaignStatuses = ['draft', 'awaiting-approval', 'scheduled', 'sending', 'paused', 'completed', 'cancelled'] as const;
export type CampaignStatus = (typeof campaignStatuses)[number];
export const campaignActions = ['submit', 'approve', 'reject', 'start', 'pause', 'resume', 'finish', 'cancel'] as const;
export type CampaignAction = (typeof campaignActions)[number];

export type TransitionContext = {
  /** the owner's setting: approval before anything is sent */
  approvalRequired: boolean;
  /** a run has started (resume goes back to sending, not to waiting for the schedule) */
  started: boolean;
  /** a recurring campaign waits for its next occurrence after a run */
  recurring: boolean;
};

export type Transition = { ok: true; status: CampaignStatus } | { ok: false; reason: string };

const refuse = (action: CampaignAction, status: CampaignStatus): Transition => ({ ok: false, reason: `cannot ${action} a campaign that is ${status}` });

export const nextStatus = (status: CampaignStatus, action: CampaignAction, context: TransitionContext): Transition => {
  const to = (next: CampaignStatus): Transition => ({ ok: true, status: next });
  switch (action) {
    case 'submit':
      return status === 'draft' ? to(context.approvalRequired ? 'awaiting-approval' : 'scheduled') : refuse(action, status);
    case 'approve':
      return status === 'awaiting-approval' ? to('scheduled') : refuse(action, status);
    case 'reject':
      return status === 'awaiting-approval' ? to('draft') : refuse(action, status);
    case 'start':
      return status === 'scheduled' ? to('sending') : refuse(action, status);
    case 'pause':
      return status === 'sending' || status === 'scheduled' ? to('paused') : refuse(action, status);
    case 'resume':
      return status === 'paused' ? to(context.started ? 'sending' : 'scheduled') : refuse(action, status);
    case 'finish':
      return status === 'sending' ? to(context.recurring ? 'scheduled' : 'completed') : refuse(action, status);
    case 'cancel':
      return status === 'completed' || status === 'cancelled' ? refuse(action, status) : to('cancelled');
  }
};

/** Only a draft is edited; a started campaign's sent messages never change. */
export const editable = (status: CampaignStatus): boolean => status === 'draft';
