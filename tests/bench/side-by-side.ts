/**
 * A subject timed against its baseline in one run, as every ratio in the bench is: one warm-up
 * round of both, reported but not counted (the first run of a path pays DynamoDB Local's JIT
 * warm-up, which a running table has long paid), then rounds in alternating order (load on the
 * machine moves both sides), and the median round's ratio. Each side does its own seeding
 * before it starts its clock and returns the milliseconds it measured.
 */
export type Round = { ratio: number; subjectMs: number; baselineMs: number };

export type SideBySide = { median: Round; rounds: Round[]; warmUpRatio: number };

type Timed = (round: number) => Promise<number>;

const once = async (round: number, subject: Timed, baseline: Timed): Promise<Round> => {
  const baselineFirst = round % 2 === 1;
  const before = baselineFirst ? await baseline(round) : 0;
  const subjectMs = await subject(round);
  const baselineMs = baselineFirst ? before : await baseline(round);
  return { ratio: subjectMs / baselineMs, subjectMs, baselineMs };
};

export const sideBySide = async (options: { rounds: number; subject: Timed; baseline: Timed }): Promise<SideBySide> => {
  const warmUp = await once(-2, options.subject, options.baseline);
  const rounds: Round[] = [];
  for (let round = 0; round < options.rounds; round++) rounds.push(await once(round, options.subject, options.baseline));
  const median = [...rounds].sort((a, b) => a.ratio - b.ratio)[Math.floor(rounds.length / 2)] ?? warmUp;
  return { median, rounds, warmUpRatio: warmUp.ratio };
};

export const rounded = (value: number): number => Math.round(value * 100) / 100;
