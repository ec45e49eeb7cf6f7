/**
 * Plausible SegmentFacts for benches and tests: a seeded random mix of ages, channels, tags,
 * visits over three years, recalls, appointments, cards and stored value, in the proportions a
 * small chain sees (a third never visited, a tenth members). Deterministic for a seed.
 */
import { ulid } from 'ulid';
import type { SegmentFacts } from '../../shared/domain/segments/facts.js';
import { addDays } from '../../shared/domain/time.js';

const channels = ['walk-in', 'referral', 'wechat', 'dianping', 'meituan', 'other'] as const;
const tagPool = ['预算:中', '预算:高', '优先:种植', '优先:正畸', '家庭', 'VIP', '学生'];
const categoryPool = ['basic', 'restorative', 'implant', 'ortho', 'perio', 'cosmetic', 'pediatric'] as const;

const rng = (seed: number) => {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
};

export const syntheticFacts = (count: number, options: { clinicIds: readonly string[]; today: string; seed?: number; procedureIds?: readonly string[] }): SegmentFacts[] => {
  const r = rng(options.seed ?? 7);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const procedures = options.procedureIds ?? Array.from({ length: 30 }, () => ulid());
  const out: SegmentFacts[] = [];
  for (let i = 0; i < count; i++) {
    const clinicId = options.clinicIds[i % options.clinicIds.length] as string;
    const visits = r() < 0.3 ? 0 : 1 + Math.floor(r() * r() * 12);
    const days = Array.from({ length: visits }, () => addDays(options.today, -Math.floor(r() * 1100))).sort();
    const recent = days.filter((d) => d >= addDays(options.today, -730));
    const fens = days.map(() => Math.floor(r() * 300) * 100);
    const procs = [...new Set(days.map(() => pick(procedures)))];
    const member = r() < 0.1;
    out.push({
      // Ids minted over three years, as a real chain's are (their time part compresses less).
      patientId: ulid(Date.now() - Math.floor(r() * 3 * 365 * 86_400_000)),
      clinicId,
      householdKey: Buffer.from(Array.from({ length: 9 }, () => Math.floor(r() * 256))).toString('base64url'),
      gender: pick(['female', 'male', 'female', 'unknown'] as const),
      ...(r() < 0.8 ? { birthDate: addDays('1960-01-01', Math.floor(r() * 20000)) } : {}),
      channel: pick(channels),
      ...(r() < 0.1 ? { referrerKey: `patient:${ulid()}` } : {}),
      tags: tagPool.filter(() => r() < 0.12),
      ...(days[0] ? { firstVisitDay: days[0] } : {}),
      ...(days.at(-1) ? { lastVisitDay: days.at(-1) as string } : {}),
      visitCount: visits,
      totalSpendFen: fens.reduce((a, b) => a + b, 0),
      recentVisitDays: recent,
      categories: [...new Set(procs.map(() => pick(categoryPool)))],
      procedureIds: procs,
      ...(visits > 0 ? { lastCategories: [pick(categoryPool)] } : {}),
      ...(visits > 0 && r() < 0.7 ? { nextRecallDue: addDays(days.at(-1) as string, 180) } : {}),
      ...(r() < 0.1 ? { nextAppointmentDay: addDays(options.today, Math.floor(r() * 60)) } : {}),
      ...(member ? { membership: { status: pick(['active', 'active', 'lapsed'] as const), planId: 'PLAN2980', endDay: addDays(options.today, Math.floor(r() * 700) - 300) } } : {}),
      storedValueFen: r() < 0.1 ? Math.floor(r() * 500) * 100 : 0,
      marketingConsent: r() < 0.6,
      careConsent: r() < 0.9,
      openComplaint: r() < 0.01,
      optedOut: r() < 0.03,
      deceased: r() < 0.001,
      recentVisits: days.filter((d) => d >= addDays(options.today, -760)).map((d, k) => ({ at: `${d}T0${1 + Math.floor(r() * 9)}:${String(Math.floor(r() * 60)).padStart(2, '0')}:00.000Z`, fen: fens[k] ?? 0 })),
      recallDues: visits > 0 && r() < 0.6 ? [{ group: 'cleaning', dueDate: addDays(days.at(-1) as string, 180) }] : [],
    });
  }
  return out;
};
