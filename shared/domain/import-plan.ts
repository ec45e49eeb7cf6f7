/**
 * What an import does with each row, decided before anything is written (the dry run shows it,
 * the run carries it out). A person is a phone plus a folded name within one clinic: a row whose
 * person already exists merges into that patient; rows of the same person inside the file merge
 * into one patient; a phone the clinic knows under another name waits for a person to decide.
 * A visit is a day and a procedure: the same visit twice is one visit, and a re-import with
 * another amount corrects it. Total and footer lines are skipped. Pure.
 */
import { foldName } from './names.js';
import { maxNotesLength, type ParsedRow, type PersonFields } from './import-values.js';
import type { FieldIssue, ImportCounts, ImportField, ImportReportRow } from '../schemas/imports.js';

export const personKey = (phone: string, name: string): string => `${phone}|${foldName(name)}`;

/** What makes two rows one visit: the day and the procedure, not the amount (which a re-import may correct). */
export const visitKey = (visit: { date: string; procedure?: string }): string => `${visit.date}|${visit.procedure ?? ''}`;

export type PlannedRow = ImportReportRow & {
  /** on the row that creates a patient: the patient, completed from every row of the same person */
  person?: PersonFields;
  /** dates that bound the patient's visit history, from every row that is not rejected */
  firstVisitDate?: string;
  lastVisitDate?: string;
  /** the file's total spend for the patient (累计消费) */
  totalSpendFen?: number;
};

export type ImportPlan = { rows: PlannedRow[]; counts: ImportCounts };

/** The clinic's patients by phone: who else already has a phone the file names. */
export type PhoneOwner = { patientId: string; name: string };
export type PlanOptions = { phoneOwners?: ReadonlyMap<string, readonly PhoneOwner[]> };

type MergeNote = { kept: ImportField[]; ignored: ImportField[] };

const single = ['gender', 'birthDate', 'channel', 'careConsent', 'marketingConsent'] as const;

const given = (person: PersonFields, field: (typeof single)[number]) => person[field] !== undefined && person[field] !== 'unknown';

/** Fills what the first row of a person left blank from a later row of the same person; says which fields it took and which it left. */
const mergeInto = (target: PersonFields, source: PersonFields): MergeNote => {
  const note: MergeNote = { kept: [], ignored: [] };
  const t = target as Record<string, unknown>;
  for (const field of single) {
    if (!given(source, field)) continue;
    if (!given(target, field)) {
      t[field] = source[field];
      note.kept.push(field);
    } else if (target[field] !== source[field]) note.ignored.push(field);
  }
  const tags = [...new Set([...target.tags, ...source.tags])].slice(0, 30);
  if (tags.length > target.tags.length) note.kept.push('tags');
  target.tags = tags;
  if (source.notes && !target.notes.includes(source.notes)) {
    target.notes = (target.notes ? `${target.notes}\n${source.notes}` : source.notes).slice(0, maxNotesLength);
    note.kept.push('notes');
  }
  for (const key of Object.keys(target) as (keyof PersonFields)[]) if (target[key] === undefined) delete target[key];
  return note;
};

/** An existing patient's record stays as it is: only the row's visit history joins it. */
const existingNote = (person: PersonFields): MergeNote => ({
  kept: [],
  ignored: [...single.filter((f) => given(person, f)), ...(person.tags.length ? ['tags' as const] : []), ...(person.notes ? ['notes' as const] : [])],
});

/** The fields of the row's visit history the patient takes, whichever way it merges. */
const historyFields = (entry: Extract<ParsedRow, { ok: true }>): ImportField[] => [
  ...(entry.firstVisitDate ? ['firstVisitDate' as const] : []),
  ...(entry.lastVisitDate ? ['lastVisitDate' as const] : []),
  ...(entry.visit?.procedure ? ['procedure' as const] : []),
  ...(entry.visit && entry.visit.amountFen > 0 ? ['amount' as const] : []),
  ...(entry.totalSpendFen !== undefined ? ['totalSpend' as const] : []),
];

type Group = { patientId: string; existing: boolean; firstRow: number; person: PersonFields; visits: Map<string, { row: number; visit: NonNullable<PlannedRow['visit']>; amounts: Set<number> }> };

const yuan = (fen: number) => `¥${(fen / 100).toFixed(2)}`;

/** The row's visit: new, the same as an earlier row's, or another line of it (amounts add up). */
const planVisit = (group: Group, entry: Extract<ParsedRow, { ok: true }>, counts: ImportCounts, warnings: FieldIssue[]): PlannedRow['visit'] => {
  if (!entry.visit) return undefined;
  const key = visitKey(entry.visit);
  const earlier = group.visits.get(key);
  if (earlier === undefined) {
    const visit = { ...entry.visit };
    group.visits.set(key, { row: entry.row, visit, amounts: new Set([entry.visit.amountFen]) });
    counts.visits++;
    return visit;
  }
  if (!earlier.amounts.has(entry.visit.amountFen)) {
    earlier.amounts.add(entry.visit.amountFen);
    earlier.visit.amountFen += entry.visit.amountFen;
    warnings.push({
      field: 'amount',
      reason: `is another line of the visit of row ${earlier.row} (same day and procedure): the visit records ${yuan(earlier.visit.amountFen)} in all`,
      code: 'visit.lines_added',
      params: { row: earlier.row, amountFen: earlier.visit.amountFen },
    });
  }
  return { ...entry.visit, sameAsRow: earlier.row };
};

const needsReview = (row: number, owner: PhoneOwner, warnings: FieldIssue[]): PlannedRow => ({
  row,
  status: 'needs-review',
  existingPatient: owner,
  reason: `the clinic's patient ${owner.name} has this phone: if it is the same person, correct the name (in the file or on the patient) and import again; if someone else shares the phone, add them from the patient page`,
  ...(warnings.length ? { warnings } : {}),
});

/**
 * `existing` maps person keys to the clinic's patients found by phone and name; `newId` gives
 * the id of each patient the import creates; `phoneOwners` holds the clinic's patients by phone.
 */
export const planImport = (parsed: readonly ParsedRow[], existing: ReadonlyMap<string, string>, newId: () => string, options: PlanOptions = {}): ImportPlan => {
  const groups = new Map<string, Group>();
  const review = new Map<string, PhoneOwner>();
  const counts: ImportCounts = { rows: parsed.length, created: 0, merged: 0, rejected: 0, visits: 0 };
  const more = { skipped: 0, needsReview: 0 };
  const rows = parsed.map((entry): PlannedRow => {
    const warnings = [...entry.warnings];
    const warned = () => (warnings.length ? { warnings } : {});
    if (!entry.ok) {
      if (entry.skip) {
        more.skipped++;
        return { row: entry.row, status: 'skipped', reason: entry.skip };
      }
      counts.rejected++;
      return { row: entry.row, status: 'rejected', problems: entry.problems, ...warned() };
    }
    const key = personKey(entry.person.phone, entry.person.name);
    const found = existing.get(key);
    const owner = review.get(key) ?? (found === undefined && !groups.has(key) ? options.phoneOwners?.get(entry.person.phone)?.[0] : undefined);
    if (owner) {
      review.set(key, owner);
      more.needsReview++;
      return needsReview(entry.row, owner, warnings);
    }
    let group = groups.get(key);
    const first = group === undefined;
    let note: MergeNote | undefined;
    if (!group) {
      group = { patientId: found ?? newId(), existing: found !== undefined, firstRow: entry.row, person: { ...entry.person, tags: [...entry.person.tags] }, visits: new Map() };
      groups.set(key, group);
    } else if (!group.existing) note = mergeInto(group.person, entry.person);
    if (group.existing) note = existingNote(entry.person);
    const creates = first && !group.existing;
    if (creates) counts.created++;
    else counts.merged++;
    const visit = planVisit(group, entry, counts, warnings);
    return {
      row: entry.row,
      status: creates ? 'created' : 'merged',
      patientId: group.patientId,
      ...(group.existing ? { existing: true } : {}),
      ...(!first ? { sameAsRow: group.firstRow } : {}),
      ...(creates ? { person: group.person } : {}),
      ...(visit ? { visit } : {}),
      ...(note ? { merge: { kept: [...note.kept, ...historyFields(entry)], ignored: note.ignored } } : {}),
      ...(entry.firstVisitDate ? { firstVisitDate: entry.firstVisitDate } : {}),
      ...(entry.lastVisitDate ? { lastVisitDate: entry.lastVisitDate } : {}),
      ...(entry.totalSpendFen !== undefined ? { totalSpendFen: entry.totalSpendFen } : {}),
      ...warned(),
    };
  });
  // Shown only when there are some: the counts keep their shape for files without such rows.
  return { rows, counts: { ...counts, ...(more.skipped ? { skipped: more.skipped } : {}), ...(more.needsReview ? { needsReview: more.needsReview } : {}) } };
};

/** A planned row as the report shows it: what happens and why, without the patient's details. */
export const reportRow = (row: PlannedRow): ImportReportRow => {
  const { person: _person, firstVisitDate: _f, lastVisitDate: _l, totalSpendFen: _t, ...report } = row;
  return report;
};
