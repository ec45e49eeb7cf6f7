/**
 * When each demo patient comes and what for: a plan of clinic days and procedure codes, drawn
 * by kind of patient (regulars every ~6 months for cleaning, perio every 3–4 months, implants
 * with their maintenance, aligners with monthly reviews, children's fluoride). Recall days move
 * with the season (seasonalDay), and every cycle some patients drift away: the dashboard then
 * has dormant patients to reactivate.
 */
import { addDays } from '../../shared/domain/time.js';
import { inSpringFestivalWeek, seasonalDay } from './demo-history-calendar.js';
import type { Archetype } from './demo-history-people.js';
import type { DemoRandom, Weighted } from './demo-history-random.js';

export type PlannedVisit = { day: string; codes: string[] };

export type Timeline = {
  visits: PlannedVisit[];
  /** the visit that would come next, after the last day of history (to book ahead) */
  next?: PlannedVisit;
  /** a day the patient was expected and never came again (a last no-show) */
  lapsed?: string;
};

class Plan {
  readonly visits: PlannedVisit[] = [];
  next?: PlannedVisit;
  lapsed?: string;
  constructor(private readonly endDay: string, private readonly random: DemoRandom) {}

  /** false once the plan reaches past history: the caller stops there. */
  add(day: string, codes: string[]): boolean {
    const last = this.visits[this.visits.length - 1];
    // Never two planned visits on one day: the second moves to the next day.
    let at = last && day <= last.day ? addDays(last.day, 1) : day;
    // Clinics are mostly closed over 春节: even a planned follow-up waits until after the holiday.
    while (inSpringFestivalWeek(at) && this.random.chance(0.85)) at = addDays(at, 1);
    if (at > this.endDay) {
      this.next = { day: at, codes };
      return false;
    }
    this.visits.push({ day: at, codes });
    return true;
  }

  /** The patient drifts away: they were due on `day` and did not come. */
  drop(day: string): void {
    if (day <= this.endDay) this.lapsed = day;
  }
}

const checkupExtras = (random: DemoRandom, adult: boolean): string[] => {
  const extra = random.weighted<string[]>([
    [[], 70], [['filling-resin'], 14], [['xray-panoramic'], 5], [['whitening'], adult ? 3 : 0], [['wisdom-tooth'], adult ? 3 : 0], [['perio-therapy'], adult ? 5 : 0],
  ]);
  return extra;
};

/** Cleanings every ~6 months until the patient drifts away (`churn` per cycle). */
const recallLoop = (random: DemoRandom, plan: Plan, from: string, churn: number, adult = true): void => {
  let day = from;
  for (;;) {
    // Some come on time, some months late: recall compliance is not 100%.
    const due = addDays(day, random.around(182, 20) + (random.chance(0.35) ? random.int(20, 120) : 0));
    if (random.chance(churn)) return plan.drop(due);
    day = seasonalDay(random, due, 21);
    const codes = ['cleaning', ...(random.chance(0.25) ? ['exam'] : []), ...checkupExtras(random, adult)];
    if (!plan.add(day, codes)) return;
    if (codes.includes('filling-resin') && random.chance(0.2)) {
      // A deep filling that needed a root canal, then a crown a few weeks later.
      if (!plan.add(addDays(day, random.int(7, 14)), ['root-canal'])) return;
      if (!plan.add(addDays(day, random.int(21, 35)), ['crown-zirconia'])) return;
    }
  }
};

const byArchetype: Record<Exclude<Archetype, 'lead'>, (random: DemoRandom, plan: Plan, first: string) => void> = {
  'one-off': (random, plan, first) => {
    const codes = random.weighted<string[]>([[['exam', 'cleaning'], 50], [['exam', 'filling-resin'], 20], [['extraction'], 15], [['exam', 'xray-panoramic'], 15]]);
    if (!plan.add(first, codes)) return;
    random.chance(0.25) && plan.add(addDays(first, random.int(7, 21)), ['filling-resin']);
  },
  regular: (random, plan, first) => {
    if (!plan.add(first, ['exam', 'cleaning', ...(random.chance(0.2) ? ['xray-panoramic'] : [])])) return;
    recallLoop(random, plan, first, 0.13);
  },
  perio: (random, plan, first) => {
    if (!plan.add(first, ['exam', 'xray-panoramic', 'perio-therapy'])) return;
    let day = first;
    for (;;) {
      const due = addDays(day, random.around(105, 20));
      if (random.chance(0.15)) return plan.drop(due);
      day = seasonalDay(random, due, 14);
      if (!plan.add(day, ['perio-therapy', ...(random.chance(0.3) ? ['cleaning'] : [])])) return;
    }
  },
  implant: (random, plan, first) => {
    if (!plan.add(first, ['exam', 'xray-panoramic', ...(random.chance(0.3) ? ['extraction'] : [])])) return;
    const placed = addDays(first, random.int(14, 35));
    if (!plan.add(placed, ['implant'])) return;
    if (random.chance(0.25) && !plan.add(addDays(placed, random.int(60, 120)), ['implant'])) return;
    // Implant maintenance a year after placement, then ordinary recalls.
    const maintenance = seasonalDay(random, addDays(placed, 365), 14);
    if (random.chance(0.15)) return plan.drop(maintenance);
    if (!plan.add(maintenance, ['exam', 'cleaning', 'xray-panoramic'])) return;
    recallLoop(random, plan, maintenance, 0.18);
  },
  ortho: (random, plan, first) => {
    if (!plan.add(first, ['exam', 'xray-panoramic'])) return;
    // Consulted and went elsewhere, or never decided.
    if (random.chance(0.2)) return;
    let day = addDays(first, random.int(7, 21));
    if (!plan.add(day, ['ortho-aligners'])) return;
    const reviews = random.int(10, 20);
    for (let i = 0; i < reviews; i++) {
      day = addDays(day, random.around(30, 5));
      // A missed review is skipped, not made up.
      if (random.chance(0.12)) continue;
      if (!plan.add(day, ['ortho-review'])) return;
    }
    recallLoop(random, plan, day, 0.3);
  },
  kids: (random, plan, first) => {
    if (!plan.add(first, random.chance(0.5) ? ['exam', 'fluoride-kids'] : ['sealant-kids', 'fluoride-kids'])) return;
    let day = first;
    for (;;) {
      const due = addDays(day, random.around(182, 20));
      if (random.chance(0.15)) return plan.drop(due);
      // Parents bring children in the school holidays: a strong pull towards July and August.
      day = seasonalDay(random, due, 35);
      if (!plan.add(day, ['fluoride-kids', ...(random.chance(0.2) ? ['sealant-kids'] : []), ...(random.chance(0.1) ? ['filling-resin'] : [])])) return;
    }
  },
  emergency: (random, plan, first) => {
    const codes = random.weighted<string[]>([[['wisdom-tooth'], 55], [['exam', 'extraction'], 25], [['exam', 'root-canal'], 20]]);
    if (!plan.add(first, codes)) return;
    if (codes.includes('root-canal') && !plan.add(addDays(first, random.int(14, 28)), ['crown-zirconia'])) return;
    if (!random.chance(0.45)) return;
    // Came in pain, stayed for prevention.
    const cleaning = seasonalDay(random, addDays(first, random.around(120, 40)), 21);
    if (!plan.add(cleaning, ['exam', 'cleaning'])) return;
    recallLoop(random, plan, cleaning, 0.15);
  },
};

export const planTimeline = (random: DemoRandom, archetype: Archetype, firstDay: string | undefined, endDay: string): Timeline => {
  const plan = new Plan(endDay, random);
  if (archetype !== 'lead' && firstDay) byArchetype[archetype](random, plan, firstDay);
  return { visits: plan.visits, ...(plan.next ? { next: plan.next } : {}), ...(plan.lapsed ? { lapsed: plan.lapsed } : {}) };
};

/** How long the chair is taken, by the longest procedure of the visit. */
export const visitMinutes = (codes: readonly string[]): number => {
  const minutes: Weighted<string> = [
    ['implant', 90], ['root-canal', 75], ['ortho-aligners', 60], ['crown-zirconia', 60], ['wisdom-tooth', 60], ['perio-therapy', 60], ['whitening', 60], ['cleaning', 45],
  ];
  return Math.max(30, ...minutes.filter(([code]) => codes.includes(code)).map(([, m]) => m));
};
