/** The demo logins (local mode only). Kept apart from the seed so `npm start` can print them without loading adapters. */
import type { Role } from '../../shared/domain/access.js';

export const demoPassword = 'demo';
export const demoUsers: { email: string; role: Role; displayName: string }[] = [
  { email: 'owner@demo.local', role: 'owner', displayName: '王院长' },
  { email: 'manager@demo.local', role: 'manager', displayName: '李店长' },
  { email: 'frontdesk@demo.local', role: 'frontdesk', displayName: '陈前台' },
  { email: 'dentist@demo.local', role: 'dentist', displayName: '赵医生' },
  { email: 'marketing@demo.local', role: 'marketing', displayName: '刘市场' },
];
