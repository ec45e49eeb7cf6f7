/** Hash routes: S3/CloudFront serve index.html for `/` only, so no rewrites are needed. */
export type PatientScope = 'clinic' | 'all';

export type Route =
  | { name: 'patients'; q: string; scope: PatientScope }
  | { name: 'patient-new' }
  | { name: 'patient'; patientId: string }
  | { name: 'outbox' }
  | { name: 'not-found'; path: string };

export const parseHash = (hash: string): Route => {
  const raw = hash.replace(/^#/, '');
  const [pathPart = '', queryPart = ''] = raw.split('?', 2);
  const segments = pathPart.split('/').filter((s) => s !== '');
  const query = new URLSearchParams(queryPart);
  const [first, second, ...rest] = segments;
  if (first === undefined || (first === 'patients' && second === undefined)) {
    return { name: 'patients', q: query.get('q') ?? '', scope: query.get('scope') === 'all' ? 'all' : 'clinic' };
  }
  if (first === 'patients' && second === 'new' && rest.length === 0) return { name: 'patient-new' };
  if (first === 'patients' && second !== undefined && rest.length === 0) return { name: 'patient', patientId: decodeURIComponent(second) };
  if (first === 'outbox' && second === undefined) return { name: 'outbox' };
  return { name: 'not-found', path: pathPart };
};

export const patientsPath = (q = '', scope: PatientScope = 'clinic'): string => {
  const params = new URLSearchParams();
  if (q.trim() !== '') params.set('q', q.trim());
  if (scope === 'all') params.set('scope', 'all');
  return params.size > 0 ? `/patients?${params}` : '/patients';
};

export const patientPath = (patientId: string): string => `/patients/${encodeURIComponent(patientId)}`;

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

  /** Update the address without a history entry (search-as-you-type). */
  replace(path: string): void {
    history.replaceState(history.state, '', `#${path}`);
    this.route = parseHash(location.hash);
  }
}
