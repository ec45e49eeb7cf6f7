/**
 * The demo chain's patients: names, ages, channels (seed 000: 大众点评/美团 and referrals are
 * what clinics pay for), consents (PIPL: care, marketing and health data apart), a few families
 * sharing one phone, and the kind of patient each one is, which drives their visits.
 */
import type { PatientRecord } from '../../shared/domain/patient.js';
import type { AcquisitionChannel, ConsentRecord, Gender } from '../../shared/schemas/patient.js';
import { addDays } from '../../shared/domain/time.js';
import { localInstant, SeasonalDays } from './demo-history-calendar.js';
import type { DemoRandom, Weighted } from './demo-history-random.js';

export type DemoChair = { chair: string; dentistId: string; dentistName: string };
export type DemoClinic = {
  clinicId: string;
  name: string;
  timeZone: string;
  /** the clinic's first day of business: no visits before it */
  openedOn: string;
  /** relative share of the chain's patients */
  share: number;
  chairs: readonly DemoChair[];
};

/** What kind of patient: decides what they come for and how often (demo-history-visits.ts). */
export type Archetype = 'one-off' | 'regular' | 'perio' | 'implant' | 'ortho' | 'kids' | 'emergency' | 'lead';

export type DemoPerson = {
  record: PatientRecord;
  archetype: Archetype;
  clinic: DemoClinic;
  /** local day of the first visit; leads have none */
  firstDay?: string;
  /** the first visit was booked ahead (online or by phone), not a walk-in */
  bookedFirst: boolean;
};

export type DemoFamily = { familyId: string; members: Record<string, { relation: string }> };

const archetypes: Weighted<Archetype> = [
  ['one-off', 28], ['regular', 34], ['perio', 7], ['implant', 6], ['ortho', 6], ['kids', 9], ['emergency', 6], ['lead', 4],
];

const channels: Weighted<AcquisitionChannel> = [
  ['dianping', 22], ['meituan', 15], ['referral', 15], ['walk-in', 11], ['wechat', 10], ['douyin', 7], ['xiaohongshu', 6],
  ['baidu', 4], ['insurance-exit', 4], ['partner', 2], ['event', 2], ['other', 2],
];
const onlineChannels: ReadonlySet<AcquisitionChannel> = new Set(['dianping', 'meituan', 'douyin', 'xiaohongshu', 'baidu', 'wechat']);

const surnames = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴莫孔汤'.split('');
const femaleChars = '芳娜敏静丽艳娟霞秀英华慧巧美婷雪琳晶欣怡佳梦妍馨悦玲洁燕红倩颖璐'.split('');
const maleChars = '伟强磊军洋勇杰涛明超刚平辉鹏飞鑫波斌宇浩凯健俊帆峰建国志文博'.split('');
const childNames = ['子涵', '梓萱', '一诺', '浩宇', '宇轩', '欣怡', '诗涵', '梓轩', '若汐', '沐阳', '可馨', '俊熙', '雨桐', '子墨', '思远', '佳琪'];
const partnerCodes = ['GYM-JA01', 'HOTEL-TH2', 'SCHOOL-PD3', 'CORP-SH04'];

const ageRange: Record<Archetype, [number, number]> = {
  'one-off': [18, 70], regular: [20, 68], perio: [35, 72], implant: [45, 78], ortho: [12, 32], kids: [4, 12], emergency: [18, 45], lead: [18, 60],
};

const tagPool: Record<Archetype, readonly string[]> = {
  'one-off': ['价格敏感', '周末就诊'], regular: ['周末就诊', '老客户', '怕疼'], perio: ['牙周', '怕疼'], implant: ['种植', '价格敏感'],
  ortho: ['正畸咨询', '学生'], kids: ['儿童', '怕疼'], emergency: ['怕疼', '急诊'], lead: ['正畸咨询', '种植', '价格敏感'],
};

const nameFor = (random: DemoRandom, gender: Gender, age: number): string => {
  const surname = random.pick(surnames);
  if (age < 13) return surname + random.pick(childNames);
  const pool = gender === 'female' ? femaleChars : maleChars;
  return surname + random.pick(pool) + (random.chance(0.6) ? random.pick(pool) : '');
};

/** Mainland mobile numbers in E.164 (invariant 5), unique within the demo. */
const phoneFor = (random: DemoRandom, used: Set<string>): string => {
  for (;;) {
    const phone = `+861${random.pick(['3', '5', '7', '8', '9'])}${random.int(0, 9)}${String(random.int(0, 99_999_999)).padStart(8, '0')}`;
    if (!used.has(phone)) {
      used.add(phone);
      return phone;
    }
  }
};

const consent = (granted: boolean, at: string, recordedBy: string, source: ConsentRecord['source'] = 'paper-form'): ConsentRecord => ({ granted, source, at, channel: 'sms', recordedBy });

export type PeopleInput = {
  random: DemoRandom;
  count: number;
  clinics: readonly DemoClinic[];
  /** first and last day a visit may fall on (local days) */
  from: string;
  to: string;
  /** the front desk user who registers patients */
  recordedBy: string;
};

export const generatePeople = ({ random, count, clinics, from, to, recordedBy }: PeopleInput): { people: DemoPerson[]; families: DemoFamily[] } => {
  const thisYear = Number(to.slice(0, 4));
  const phones = new Set<string>();
  // Most new patients come in a clinic's first months (opening offers, the neighbourhood trying
  // it), fewer later: returning patients then fill the chairs, so monthly visits stay level
  // instead of climbing from nothing. Each clinic only after it opened.
  const calendars = new Map(clinics.map((c) => [c.clinicId, new SeasonalDays(c.openedOn > from ? c.openedOn : from, to, (i, n) => (i < 120 ? 2.2 : 1) * (1.5 - 0.9 * (i / n)))]));
  const people: DemoPerson[] = [];
  for (let i = 0; i < count; i++) {
    const clinic = random.weighted(clinics.map((c) => [c, c.share] as const));
    const archetype = random.weighted(archetypes);
    const [minAge, maxAge] = ageRange[archetype];
    const age = random.int(minAge, maxAge);
    const gender: Gender = random.chance(archetype === 'ortho' ? 0.68 : 0.55) ? 'female' : 'male';
    const channel: AcquisitionChannel = archetype === 'emergency' && random.chance(0.4) ? 'walk-in' : random.weighted(channels);
    const calendar = calendars.get(clinic.clinicId);
    const firstDay = archetype === 'lead' || !calendar ? undefined : calendar.sample(random);
    const bookedFirst = channel !== 'walk-in' && random.chance(onlineChannels.has(channel) ? 0.9 : 0.7);
    const day = firstDay ?? calendar?.sample(random) ?? to;
    const createdMs = bookedFirst || !firstDay
      ? localInstant(addDays(day, -random.int(1, 10)), random.int(9, 21), random.int(0, 59), clinic.timeZone)
      : localInstant(day, 8, random.int(30, 55), clinic.timeZone);
    const createdAt = new Date(createdMs).toISOString();
    const patientId = random.id(createdMs);
    const birthDate = `${thisYear - age}-${String(random.int(1, 12)).padStart(2, '0')}-${String(random.int(1, 28)).padStart(2, '0')}`;
    const optedOut = random.chance(0.02);
    const consents: PatientRecord['consents'] = {};
    if (random.chance(0.95)) consents.care = consent(true, createdAt, recordedBy);
    if (random.chance(0.6) && !optedOut) consents.marketing = consent(true, createdAt, recordedBy);
    else if (optedOut || random.chance(0.1)) consents.marketing = consent(false, createdAt, recordedBy, optedOut ? 'sms-reply' : 'paper-form');
    if (random.chance(0.7)) consents.healthData = consent(true, createdAt, recordedBy);
    const tags = random.chance(0.45) ? [random.pick(tagPool[archetype])] : [];
    const record: PatientRecord = {
      patientId, clinicId: clinic.clinicId, name: nameFor(random, gender, age), gender, birthDate, phone: phoneFor(random, phones),
      channel, tags, notes: '', consents, createdAt, updatedAt: createdAt,
      ...(optedOut ? { optedOutAt: createdAt } : {}),
      ...(channel === 'partner' ? { referrer: { kind: 'partner' as const, code: random.pick(partnerCodes) } } : {}),
    };
    people.push({ record, archetype, clinic, ...(firstDay ? { firstDay } : {}), bookedFirst });
  }
  // In registration order, so a referrer always registered before the patient they sent.
  people.sort((a, b) => (a.record.createdAt < b.record.createdAt ? -1 : a.record.createdAt > b.record.createdAt ? 1 : 0));
  linkReferrers(random, people);
  return { people, families: formFamilies(random, people) };
};

/** 老带新: a referred patient names an earlier patient of the same clinic. */
const linkReferrers = (random: DemoRandom, people: DemoPerson[]): void => {
  const seen = new Map<string, string[]>();
  for (const person of people) {
    const earlier = seen.get(person.clinic.clinicId) ?? [];
    if (person.record.channel === 'referral' && earlier.length > 0) person.record.referrer = { kind: 'patient', patientId: random.pick(earlier) };
    if (person.archetype !== 'lead') earlier.push(person.record.patientId);
    seen.set(person.clinic.clinicId, earlier);
  }
};

/**
 * Most children come with a parent: they share the parent's family card and, often, phone (the
 * send ledger then sends one recall per number, not one each). A few couples share a number too.
 */
const formFamilies = (random: DemoRandom, people: DemoPerson[]): DemoFamily[] => {
  const families: DemoFamily[] = [];
  const adults = new Map<string, DemoPerson[]>();
  for (const p of people) {
    const age = Number(p.record.createdAt.slice(0, 4)) - Number(p.record.birthDate?.slice(0, 4) ?? 0);
    if (age >= 28 && age <= 50 && p.archetype !== 'lead') adults.set(p.clinic.clinicId, [...(adults.get(p.clinic.clinicId) ?? []), p]);
  }
  const inFamily = new Set<string>();
  const join = (head: DemoPerson, member: DemoPerson, relation: string, sharePhone: boolean) => {
    let family = families.find((f) => f.familyId === head.record.familyId);
    if (!family) {
      family = { familyId: random.id(Date.parse(head.record.createdAt)), members: { [head.record.patientId]: { relation: 'self' } } };
      families.push(family);
      Object.assign(head.record, { familyId: family.familyId, familyRelation: 'self' });
      inFamily.add(head.record.patientId);
    }
    family.members[member.record.patientId] = { relation };
    Object.assign(member.record, { familyId: family.familyId, familyRelation: relation, ...(sharePhone ? { phone: head.record.phone } : {}) });
    inFamily.add(member.record.patientId);
  };
  for (const p of people) {
    if (inFamily.has(p.record.patientId)) continue;
    const wantsFamily = p.archetype === 'kids' ? random.chance(0.7) : p.archetype !== 'lead' && random.chance(0.01);
    if (!wantsFamily) continue;
    // A head may gather several children; a spouse joins someone not yet in a family.
    const candidates = (adults.get(p.clinic.clinicId) ?? []).filter((a) => a !== p && (!inFamily.has(a.record.patientId) || (p.archetype === 'kids' && a.record.familyRelation === 'self')));
    if (candidates.length === 0) continue;
    const head = random.pick(candidates);
    if (p.archetype === 'kids') {
      join(head, p, 'child', random.chance(0.7));
      // Children carry the parent's surname.
      p.record.name = head.record.name.slice(0, 1) + p.record.name.slice(1);
    } else {
      join(head, p, 'spouse', true);
    }
  }
  return families;
};
