/** Issue 13: the front desk (and a dentist) lands on today's schedule; owners on the overview. */
import { describe, expect, it } from 'vitest';
import { landingPath } from '../../dashboard/src/lib/state/landing.js';

describe('where each role lands', () => {
  it('front desk and dentist: the schedule; owner and manager: the overview', () => {
    expect(landingPath('frontdesk')).toBe('/appointments');
    expect(landingPath('dentist')).toBe('/appointments');
    expect(landingPath('owner')).toBe('/overview');
    expect(landingPath('manager')).toBe('/overview');
  });
});
