/**
 * What the engagement screens show on the first `npm start`: at 静安店 a questionnaire link with
 * leads (two high-value: 预算2万以上 + 关注隐私/技术) and the manager as senior consultant; a
 * month of satisfaction answers (the unhappy ones opened complaints by themselves) and one
 * complaint the desk took, in progress; two SMS replies from numbers no patient has. Written
 * through the services, so counts, totals and the marketing block are what they would be.
 */
import type { Caller } from '../../shared/domain/access.js';
import type { IntakeSubmission, SurveyAnswer } from '../../shared/schemas/engagement.js';
import type { StaffMember } from '../../shared/schemas/org.js';
import { listClinics, listStaff } from '../adapters/dynamo/org-repository.js';
import { queryPatients } from '../adapters/dynamo/patient-repository.js';
import { changeComplaint, openComplaint } from '../services/engagement-complaints.js';
import { createIntakeLink, submitIntake } from '../services/engagement-leads.js';
import { answerPublicSurvey, inviteToSurvey } from '../services/engagement-surveys.js';
import { saveLeadRouting } from '../services/lead-assignment.js';
import { handleChainReply } from '../services/sms-reply-service.js';

const callerOf = (tenantId: string, s: StaffMember): Caller => ({ userId: s.userId, email: s.email, tenantId, role: s.role, clinicScope: s.role === 'owner' ? 'all' : s.clinicIds });

type Answer = Pick<IntakeSubmission, 'name' | 'phone' | 'budget' | 'priority' | 'interests'> & { preferredTime?: string };
const demoLeads: Answer[] = [
  { name: '林女士', phone: '+8613811110001', budget: 'over-20000', priority: 'privacy', interests: ['implant', 'cosmetic'], preferredTime: '周六上午' },
  { name: '周先生', phone: '+8613811110002', budget: 'over-20000', priority: 'technology', interests: ['implant'] },
  { name: '吴小姐', phone: '+8613811110003', budget: '5000-20000', priority: 'technology', interests: ['ortho'] },
  { name: '郑先生', phone: '+8613811110004', budget: 'under-5000', priority: 'price', interests: ['basic'], preferredTime: '工作日晚上' },
  { name: '孙女士', phone: '+8613811110005', budget: 'over-20000', priority: 'price', interests: ['restorative', 'perio'] },
];

/** Most happy, some lukewarm, two unhappy with a reason: an NPS near the seeds' "好评率" goals. */
const demoAnswers: SurveyAnswer[] = [
  ...Array.from({ length: 9 }, (_, i): SurveyAnswer => ({ score: 5, nps: i % 3 === 0 ? 9 : 10, ...(i === 0 ? { comment: '医生很耐心，讲解清楚' } : {}) })),
  { score: 4, nps: 8 }, { score: 4, nps: 7 }, { score: 3, nps: 7, comment: '等候时间有点长' },
  { score: 2, nps: 4, comment: '收费和报价不一致，希望解释清楚' },
  { score: 3, nps: 5, comment: '前台态度一般' },
];

export const seedDemoEngagement = async (tenantId: string): Promise<void> => {
  const [staff, clinics] = await Promise.all([listStaff(tenantId), listClinics(tenantId)]);
  const jingan = clinics.find((c) => c.name === '静安店');
  const owner = staff.find((s) => s.email === 'owner@demo.local');
  const manager = staff.find((s) => s.email === 'manager@demo.local');
  const desk = staff.find((s) => s.email === 'frontdesk@demo.local');
  if (!jingan || !owner || !manager || !desk) return;
  const ownerCaller = callerOf(tenantId, owner);

  await saveLeadRouting(ownerCaller, { clinicId: jingan.clinicId, seniorConsultants: [manager.userId], version: 0 });
  const link = await createIntakeLink(ownerCaller, { clinicId: jingan.clinicId, label: '大众点评店铺页', channel: 'dianping' });
  for (const lead of demoLeads) await submitIntake(link.token, { ...lead, contactConsent: true, marketingConsent: lead.priority !== 'price' });

  const { items: patients } = await queryPatients(tenantId, { kind: 'recent', clinicId: jingan.clinicId }, 40);
  const people = patients.filter((p) => !p.mergedInto && !p.deceased);
  for (const [i, answer] of demoAnswers.entries()) {
    const patient = people[i];
    if (!patient) break;
    const { token } = await inviteToSurvey(callerOf(tenantId, desk), patient.patientId, {});
    await answerPublicSurvey(token, answer);
  }
  const complainant = people[demoAnswers.length];
  if (complainant) {
    const complaint = await openComplaint(callerOf(tenantId, desk), {
      patientId: complainant.patientId, clinicId: jingan.clinicId, category: 'waiting-time', severity: 'medium', description: '预约 10 点，11 点才开始治疗，没有人解释原因',
    });
    await changeComplaint(ownerCaller, complaint.complaintId, { status: 'in-progress', owner: manager.userId });
  }

  const at = Date.now();
  const replies = [['+8613100007771', '我是王阿姨的女儿，想帮妈妈约周六洗牙'], ['+8613100007772', '请问你们周日营业吗']];
  for (const [i, [from, text]] of replies.entries()) {
    await handleChainReply(tenantId, { originationNumber: from ?? '', destinationNumber: '', messageBody: text ?? '', inboundMessageId: `demo-unmatched-${i}` }, new Date(at - (i + 1) * 3_600_000).toISOString());
  }
};
