/**
 * What an import does with each row, decided before anything is written (the dry run shows it,
 * the run carries it out). A person is a phone plus a folded name within one clinic: a row whose
 * person already exists merges into that patient; rows of the same person inside the file merge
 * into one patient; the same visit twice (same day, procedure and amount) is one visit. Pure.
 */
import { foldName } from './names.js';
import { maxNotesLength, type ParsedRow, type PersonFields } from './import-values.js';
import type { ImportCounts, ImportReportRow } from '../schemas/imports.js';

export const personKey = (phone: string, name: string): string => `${phone}|${foldName(name)}`;

export const visitKey = (visit: { date: string; procedure?: string; amountFen: number }): string =>
  `${visit.date}|${visit.procedure ?? ''}|${visit.amountFen}`;

export type PlannedRow = ImportReportRow & {
  /** on the row that creates a patient: the patient, completed from every row of the same person */
  person?: PersonFields;
  /** dates that bound the patient's visit history, from every row that is not rejected */
  firstVisitDate?: string;
  lastVisitDate?: string;
};

export type ImportPlan = { rows: PlannedRow[]; counts: ImportCounts };

/** Fills what the first row of a person left blank from a later row of the same person. */
const mergeInto = (target: PersonFields, source: PersonFields): void => {
  if ((target.gender === undefined || target.gender === 'unknown') && source.gender && source.gender !== 'unknown') target.gender = source.gender;
  target.birthDate ??= source.birthDate;
  target.channel ??= source.channel;
  target.careConsent ??= source.careConsent;
  target.marketingConsent ??= source.marketingConsent;
  target.tags = [...new Set([...target.tags, ...source.tags])].slice(0, 30);
  if (source.notes && !target.notes.includes(source.notes)) {
    target.notes = (target.notes ? `${target.notes}\n${source.notes}` : source.notes).slice(0, maxNotesLength);
  }
  for (const key of Object.keys(target) as (keyof PersonFields)[]) if (target[key] === undefined) delete target[key];
};

type Group = { patientId: string; existing: boolean; firstRow: number; person: PersonFields; visits: Map<string, number> };

/**
 * `existing` maps person keys to the clinic's patients found by phone and name; `newId` gives
 * the id of each patient the import creates.
 */
export const planImport = (parsed: readonly ParsedRow[], existing: ReadonlyMap<string, string>, newId: () => string): ImportPlan => {
  const groups = new Map<string, Group>();
  const counts: ImportCounts = { rows: parsed.length, created: 0, merged: 0, rejected: 0, visits: 0 };
  const rows = parsed.map((entry): PlannedRow => {
    const warnings = entry.warnings.length ? { warnings: entry.warnings } : {};
    if (!entry.ok) {
      counts.rejected++;
      return { row: entry.row, status: 'rejected', problems: entry.problems, ...warnings };
    }
    const key = personKey(entry.person.phone, entry.person.name);
    let group = groups.get(key);
    const first = group === undefined;
    if (!group) {
      const found = existing.get(key);
      group = { patientId: found ?? newId(), existing: found !== undefined, firstRow: entry.row, person: { ...entry.person, tags: [...entry.person.tags] }, visits: new Map() };
      groups.set(key, group);
    } else if (!group.existing) {
      mergeInto(group.person, entry.person);
    }
    const creates = first && !group.existing;
    if (creates) counts.created++;
    else counts.merged++;

    let visit: PlannedRow['visit'];
    if (entry.visit) {
      const vKey = visitKey(entry.visit);
      const sameAs = group.visits.get(vKey);
      if (sameAs === undefined) {
        group.visits.set(vKey, entry.row);
        counts.visits++;
      }
      visit = { ...entry.visit, ...(sameAs !== undefined ? { sameAsRow: sameAs } : {}) };
    }
    return {
      row: entry.row,
      status: creates ? 'created' : 'merged',
      patientId: group.patientId,
      ...(group.existing ? { existing: true } : {}),
      ...(!first ? { sameAsRow: group.firstRow } : {}),
      ...(creates ? { person: group.person } : {}),
      ...(visit ? { visit } : {}),
      ...(entry.firstVisitDate ? { firstVisitDate: entry.firstVisitDate } : {}),
      ...(entry.lastVisitDate ? { lastVisitDate: entry.lastVisitDate } : {}),
      ...warnings,
    };
  });
  return { rows, counts };
};

/** A planned row as the report shows it: what happens and why, without the patient's details. */
export const reportRow = (row: PlannedRow): ImportReportRow => {
  const { person: _person, firstVisitDate: _f, lastVisitDate: _l, ...report } = row;
  return report;
};
