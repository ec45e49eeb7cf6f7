/**
 * The jobs shown on their own automation's card (each card names its own). Every other job that
 * GET /jobs reports, which is every job of shared/schedules.ts, goes on the "jobs" card, so a job
 * added to that table appears here the day it lands.
 */
import type { JobName } from '../../api/types';

export const jobsOnAutomationCards: readonly JobName[] = ['appointment-reminders', 'care-messages', 'recall', 'installment-reminders', 'member-messages', 'reactivation', 'greetings'];

export const otherJobs = (reported: readonly JobName[]): JobName[] => reported.filter((name) => !jobsOnAutomationCards.includes(name));
