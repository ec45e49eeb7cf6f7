/**
 * The demo chain the local twin starts with, so the dashboard means something at first login.
 * Idempotent: it does nothing when the demo owner already exists.
 */
import { recordWechatSubscription } from '../adapters/dynamo/patient-repository.js';
import { demoOpenId } from './demo-channels.js';
import { ulid } from 'ulid';
import type { Caller } from '../../shared/domain/access.js';
import { demoPassword, demoUsers } from './demo-users.js';
import { newClinic } from '../../shared/domain/onboarding.js';
import type { PatientCreate } from '../../shared/schemas/patient.js';
import type { PatientRecord } from '../../shared/domain/patient.js';
import { instantOnLocalDay } from '../../shared/domain/local-instant.js';
import { localDay } from '../../shared/domain/time.js';
import type { Clinic } from '../../shared/schemas/org.js';
import { checkoutSchema } from '../../shared/schemas/visit.js';
import { bookAppointment } from '../adapters/dynamo/appointment-repository.js';
import { listProcedures } from '../adapters/dynamo/catalog-repository.js';
import { createClinic, listStaff } from '../adapters/dynamo/org-repository.js';
import { checkout } from '../services/visit-service.js';
import { localUserExists } from '../adapters/identity/local-identity.js';
import { onboardChain } from '../services/onboarding.js';
import { createPatient } from '../services/patient-service.js';
import { inviteStaff } from '../services/staff-service.js';

export { demoPassword, demoUsers };

/** The demo chain's SMS reply number (a 1069 service number, as China's SMS gateways use). */
export const demoReplyNumber = '+8610690000001';

const demoPatients: Omit<PatientCreate, 'clinicId'>[] = [
  { name: '张伟', gender: 'male', birthDate: '1985-03-12', phone: '+8613800138000', channel: 'referral', tags: ['怕疼'], notes: '', consents: {} },
  { name: '王芳', gender: 'female', birthDate: '1990-07-21', phone: '+8613900139001', channel: 'dianping', tags: ['价格敏感'], notes: '', consents: {} },
  { name: '李娜', gender: 'female', birthDate: '1978-11-02', phone: '+8613700137002', channel: 'insurance-exit', tags: [], notes: '', consents: {} },
  { name: '刘洋', gender: 'male', birthDate: '2012-05-30', phone: '+8613600136003', channel: 'wechat', tags: ['儿童'], notes: '', consents: {} },
  { name: '陈静', gender: 'female', birthDate: '1995-01-15', phone: '+8618800188004', channel: 'xiaohongshu', tags: ['正畸咨询'], notes: '', consents: {} },
  { name: '杨军', gender: 'male', birthDate: '1962-09-09', phone: '+8615900159005', channel: 'walk-in', tags: ['种植'], notes: '', consents: {} },
];

export const seedDemoChain = async (): Promise<{ seeded: boolean; tenantId?: string }> => {
  if (await localUserExists('owner@demo.local')) return { seeded: false };
  const now = new Date().toISOString();
  const consentGiven = { granted: true, source: 'paper-form' as const, at: now };
  const { chain, clinic: jingan, owner } = await onboardChain({
    chainName: '微笑口腔连锁（演示）',
    brand: '微笑口腔',
    clinic: { name: '静安店', address: '上海市静安区南京西路 1000 号', timeZone: 'Asia/Shanghai' },
    owner: { email: 'owner@demo.local', displayName: '王院长', password: demoPassword },
    // Replies to the demo's reminders (1 确认, 2 改约, T 退订) route to this chain.
    replyNumber: demoReplyNumber,
  });
  const tianhe = newClinic(ulid(), { name: '天河店', address: '广州市天河区天河路 200 号', timeZone: 'Asia/Shanghai', smsSignature: '微笑口腔' }, now);
  await createClinic(chain.tenantId, tianhe);
  for (const user of demoUsers.filter((u) => u.role !== 'owner')) {
    const clinicIds = user.role === 'marketing' ? [jingan.clinicId, tianhe.clinicId] : [jingan.clinicId];
    await inviteStaff('system', chain.tenantId, { email: user.email, displayName: user.displayName, role: user.role, clinicIds }, demoPassword);
  }
  const ownerCaller: Caller = { userId: owner.userId, email: owner.email, tenantId: chain.tenantId, role: 'owner', clinicScope: 'all' };
  const created: PatientRecord[] = [];
  for (const [i, patient] of demoPatients.entries()) {
    const clinicId = i % 3 === 2 ? tianhe.clinicId : jingan.clinicId;
    created.push(await createPatient(ownerCaller, { ...patient, clinicId, consents: { care: consentGiven, ...(i % 2 === 0 ? { marketing: consentGiven } : {}) } }));
  }
  // Two in three follow the chain's Official Account: with "Alibaba Cloud SMS + WeChat" their recall goes by WeChat.
  for (const [i, patient] of created.entries()) if (i % 3 !== 1) await recordWechatSubscription(chain.tenantId, patient.patientId, demoOpenId(patient.patientId));
  await seedClinicDay(ownerCaller, jingan, created.filter((p) => p.clinicId === jingan.clinicId));
  return { seeded: true, tenantId: chain.tenantId };
};

/**
 * A clinic day worth looking at: two patients seen ten days ago (one wisdom tooth out, so a
 * follow-up call is waiting) and four appointments today at 静安店.
 */
const seedClinicDay = async (owner: Caller, clinic: Clinic, patients: PatientRecord[]): Promise<void> => {
  const dentist = (await listStaff(owner.tenantId)).find((s) => s.email === 'dentist@demo.local');
  const catalog = new Map((await listProcedures(owner.tenantId)).map((p) => [p.code, p]));
  if (!dentist) return;
  const tenDaysAgo = new Date(Date.now() - 10 * 86_400_000).toISOString();
  const visits: [number, string[]][] = [[0, ['cleaning', 'wisdom-tooth']], [1, ['cleaning', 'filling-resin']]];
  for (const [index, codes] of visits) {
    const patient = patients[index];
    const procedures = codes.map((c) => catalog.get(c)).filter((p) => p !== undefined);
    if (!patient) continue;
    const total = procedures.reduce((sum, p) => sum + p.priceFen, 0);
    await checkout(owner, patient.patientId, checkoutSchema.parse({
      clinicId: clinic.clinicId, dentistId: dentist.userId, visitedAt: tenDaysAgo,
      lines: procedures.map((p) => ({ procedureId: p.procedureId })), payments: [{ method: 'wechat', amountFen: total }],
    }));
  }
  const today = localDay(new Date(), clinic.timeZone);
  const hours: [number, number, string][] = [[10, 0, '1号椅'], [11, 0, '2号椅'], [14, 0, '1号椅'], [16, 30, '2号椅']];
  for (const [i, [hour, minute, chair]] of hours.entries()) {
    const patient = patients[i % patients.length];
    if (!patient) continue;
    // Written directly: the booking API refuses times already past, and the demo day starts at 10:00.
    const at = instantOnLocalDay(today, clinic.timeZone, { hour, minute });
    await bookAppointment(owner.tenantId, {
      appointmentId: ulid(), patientId: patient.patientId, patientName: patient.name, dentistName: dentist.displayName, clinicId: clinic.clinicId,
      dentistId: dentist.userId, chair, startAt: at, endAt: new Date(Date.parse(at) + 45 * 60_000).toISOString(), localDay: today,
      procedureIds: [catalog.get('cleaning')?.procedureId ?? ''].filter(Boolean), notes: '', status: 'booked', version: 1,
      createdBy: owner.userId, createdAt: new Date().toISOString(), updatedAt: new Date().toISOString(),
    });
  }
};
