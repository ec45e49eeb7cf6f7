/**
 * The owners' morning summary: yesterday per clinic and for the chain — visits, revenue, messages
 * sent and follow-up calls overdue. Staff text, never sent to patients; it names no patient.
 */
import { formatYuan } from '../money.js';

export type ClinicDaySummary = { clinicName: string; visits: number; revenueFen: number; messagesSent: number; overdueTasks: number };

export const staffSummaryText = (day: string, clinics: readonly ClinicDaySummary[]): { subject: string; text: string } => {
  const total = clinics.reduce(
    (sum, c) => ({ visits: sum.visits + c.visits, revenueFen: sum.revenueFen + c.revenueFen, messagesSent: sum.messagesSent + c.messagesSent, overdueTasks: sum.overdueTasks + c.overdueTasks }),
    { visits: 0, revenueFen: 0, messagesSent: 0, overdueTasks: 0 },
  );
  const line = (name: string, c: Omit<ClinicDaySummary, 'clinicName'>) =>
    `${name}：门诊 ${c.visits} 人次，营收 ${formatYuan(c.revenueFen)}，发送短信 ${c.messagesSent} 条，逾期回访 ${c.overdueTasks} 个`;
  return {
    subject: `Smileloop 日报 ${day}`,
    text: [`${day} 经营日报`, line('全连锁', total), ...clinics.map((c) => line(c.clinicName, c))].join('\n'),
  };
};
