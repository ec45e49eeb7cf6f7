/** Hash routes: S3/CloudFront serve index.html for `/` only, so no rewrites are needed. */
import { messagePurposes, type MessagePurpose } from '$shared/domain/messaging/purposes';
import { parseOverviewQuery, overviewQuery, type OverviewFilters } from '../features/overview/overview-range';

export type PatientScope = 'clinic' | 'all';
export type ScheduleColumns = 'dentist' | 'chair';
export type TaskAssigneeFilter = 'me' | 'all';
/** The feedback page's two halves: complaints (投诉) and satisfaction surveys (满意度). */
export type FeedbackTab = 'complaints' | 'surveys';
/** The messages page shows one automation's send ledger, or the SMS handed to SNS (the outbox). */
export type MessagesView = MessagePurpose | 'sent';

export type Route =
  /** `#/` or nothing: the shell sends each role to its own landing page */
  | { name: 'home' }
  | { name: 'overview'; filters: OverviewFilters }
  | { name: 'patients'; q: string; scope: PatientScope; segment: string }
  | { name: 'patient-new' }
  | { name: 'patient'; patientId: string; notice: string | null }
  | { name: 'checkout'; patientId: string; appointmentId: string | null }
  | { name: 'appointments'; date: string | null; days: 1 | 7; by: ScheduleColumns; book: string | null }
  | { name: 'tasks'; assignee: TaskAssigneeFilter; overdue: boolean }
  | { name: 'import' }
  | { name: 'automations' }
  | { name: 'messages'; view: MessagesView }
  | { name: 'plans' }
  | { name: 'members-overview' }
  | { name: 'offers' }
  | { name: 'segments' }
  | { name: 'campaigns' }
  | { name: 'campaign-new' }
  | { name: 'campaign'; campaignId: string }
  | { name: 'campaign-edit'; campaignId: string }
  | { name: 'events'; eventId: string | null }
  | { name: 'installments' }
  | { name: 'feedback'; tab: FeedbackTab }
  | { name: 'leads' }
  | { name: 'catalog' }
  | { name: 'clinics' }
  | { name: 'staff' }
  | { name: 'stock' }
  | { name: 'plan' }
  | { name: 'not-found'; path: string };

const isMessagesView = (value: string): value is MessagesView => value === 'sent' || messagePurposes.some((p) => p === value);

const isoDay = /^\d{4}-\d{2}-\d{2}$/;

export const parseHash = (hash: string): Route => {
  const raw = hash.replace(/^#/, '');
  const [pathPart = '', queryPart = ''] = raw.split('?', 2);
  const segments = pathPart.split('/').filter((s) => s !== '');
  const query = new URLSearchParams(queryPart);
  const [first, second, third, ...rest] = segments;
  if (first === undefined) return { name: 'home' };
  if (first === 'overview' && second === undefined) return { name: 'overview', filters: parseOverviewQuery(query) };
  if (first === 'members' && second === undefined) return { name: 'members-overview' };
  if (first === 'patients' && second === undefined) {
    return { name: 'patients', q: query.get('q') ?? '', scope: query.get('scope') === 'all' ? 'all' : 'clinic', segment: query.get('segment') ?? '' };
  }
  if (first === 'patients' && second === 'new' && third === undefined) return { name: 'patient-new' };
  if (first === 'patients' && second !== undefined && third === undefined) {
    return { name: 'patient', patientId: decodeURIComponent(second), notice: query.get('notice') };
  }
  if (first === 'patients' && second !== undefined && third === 'checkout' && rest.length === 0) {
    return { name: 'checkout', patientId: decodeURIComponent(second), appointmentId: query.get('appointmentId') || null };
  }
  if (first === 'appointments' && second === undefined) {
    const date = query.get('date') ?? '';
    return {
      name: 'appointments',
      date: isoDay.test(date) ? date : null,
      days: query.get('days') === '7' ? 7 : 1,
      by: query.get('by') === 'chair' ? 'chair' : 'dentist',
      book: query.get('book') || null,
    };
  }
  if (first === 'tasks' && second === undefined) {
    return { name: 'tasks', assignee: query.get('assignee') === 'all' ? 'all' : 'me', overdue: query.get('overdue') === '1' };
  }
  if (first === 'import' && second === undefined) return { name: 'import' };
  if (first === 'automations' && second === undefined) return { name: 'automations' };
  if (first === 'plans' && second === undefined) return { name: 'plans' };
  if (first === 'offers' && second === undefined) return { name: 'offers' };
  if (first === 'segments' && second === undefined) return { name: 'segments' };
  if (first === 'campaigns' && second === undefined) return { name: 'campaigns' };
  if (first === 'campaigns' && second === 'new' && third === undefined) return { name: 'campaign-new' };
  if (first === 'campaigns' && second !== undefined && third === undefined) return { name: 'campaign', campaignId: decodeURIComponent(second) };
  if (first === 'campaigns' && second !== undefined && third === 'edit' && rest.length === 0) return { name: 'campaign-edit', campaignId: decodeURIComponent(second) };
  if (first === 'events' && third === undefined) return { name: 'events', eventId: second ? decodeURIComponent(second) : null };
  if (first === 'installments' && second === undefined) return { name: 'installments' };
  if (first === 'feedback' && second === undefined) return { name: 'feedback', tab: query.get('tab') === 'surveys' ? 'surveys' : 'complaints' };
  if (first === 'leads' && second === undefined) return { name: 'leads' };
  if (first === 'catalog' && second === undefined) return { name: 'catalog' };
  if (first === 'clinics' && second === undefined) return { name: 'clinics' };
  if (first === 'staff' && second === undefined) return { name: 'staff' };
  if (first === 'stock' && second === undefined) return { name: 'stock' };
  if (first === 'plan' && second === undefined) return { name: 'plan' };
  if (first === 'messages' && second === undefined) {
    const view = query.get('view') ?? '';
    return { name: 'messages', view: isMessagesView(view) ? view : 'appointment-reminder' };
  }
  // the page's old address: the SMS that went out
  if (first === 'outbox' && second === undefined) return { name: 'messages', view: 'sent' };
  return { name: 'not-found', path: pathPart };
};

const withQuery = (path: string, params: URLSearchParams): string => (params.size > 0 ? `${path}?${params}` : path);

/** A saved segment and a typed name or tag are two searches: the segment wins when both are given. */
export const patientsPath = (q = '', scope: PatientScope = 'clinic', segment = ''): string => {
  const params = new URLSearchParams();
  if (segment !== '') params.set('segment', segment);
  else if (q.trim() !== '') params.set('q', q.trim());
  if (scope === 'all') params.set('scope', 'all');
  return withQuery('/patients', params);
};

export const patientPath = (patientId: string, notice?: string): string =>
  withQuery(`/patients/${encodeURIComponent(patientId)}`, new URLSearchParams(notice ? { notice } : {}));

export const checkoutPath = (patientId: string, appointmentId?: string): string =>
  withQuery(`/patients/${encodeURIComponent(patientId)}/checkout`, new URLSearchParams(appointmentId ? { appointmentId } : {}));

export const appointmentsPath = (options: { date?: string | null; days?: 1 | 7; by?: ScheduleColumns; book?: string | null } = {}): string => {
  const params = new URLSearchParams();
  if (options.date) params.set('date', options.date);
  if (options.days === 7) params.set('days', '7');
  if (options.by === 'chair') params.set('by', 'chair');
  if (options.book) params.set('book', options.book);
  return withQuery('/appointments', params);
};

export const tasksPath = (assignee: TaskAssigneeFilter, overdue: boolean): string => {
  const params = new URLSearchParams();
  if (assignee === 'all') params.set('assignee', 'all');
  if (overdue) params.set('overdue', '1');
  return withQuery('/tasks', params);
};

export const overviewPath = (filters?: OverviewFilters): string => withQuery('/overview', filters ? overviewQuery(filters) : new URLSearchParams());

export const messagesPath = (view: MessagesView): string => withQuery('/messages', new URLSearchParams({ view }));

export const feedbackPath = (tab: FeedbackTab): string => withQuery('/feedback', new URLSearchParams(tab === 'surveys' ? { tab } : {}));

export const campaignPath = (campaignId: string, edit = false): string => `/campaigns/${encodeURIComponent(campaignId)}${edit ? '/edit' : ''}`;

export class Router {
  route = $state<Route>(parseHash(location.hash));

  constructor() {
    window.addEventListener('hashchange', () => {
      this.route = parseHash(location.hash);
    });
  }

  href(path: string): string {
    return `#${path}`;
  }

  go(path: string): void {
    location.hash = path;
  }

  /** Update the address without a history entry (search-as-you-type, filters). */
  replace(path: string): void {
    history.replaceState(history.state, '', `#${path}`);
    this.route = parseHash(location.hash);
  }
}
