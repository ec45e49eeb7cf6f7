/**
 * Visit packs outstanding in the owner's liability report: the unearned value of the uses left,
 * per clinic that sold them, kept by the transactions that sell, use, give back and refund packs
 * (pack-repository.ts packBalanceUpdates), of packs still valid today. One small query beside the member balances.
 */
import { readPackBalances } from '../adapters/dynamo/pack-repository.js';
import { recordPackQuarter } from '../adapters/dynamo/pack-quarter-repository.js';
import { lastQuarterEnd } from '../../shared/domain/members/overview.js';

export type PackLiability = { packsOutstandingFen: number; packUsesLeft: number };

export const withPackLiability = async <R extends { clinicId: string }>(tenantId: string, rows: readonly R[], today: string): Promise<{ clinics: (R & PackLiability)[]; total: PackLiability }> => {
  const balances = new Map((await readPackBalances(tenantId, today)).map((b) => [b.clinicId, b]));
  const clinics = rows.map((r) => ({ ...r, packsOutstandingFen: balances.get(r.clinicId)?.unearnedFen ?? 0, packUsesLeft: balances.get(r.clinicId)?.usesLeft ?? 0 }));
  return {
    clinics,
    total: { packsOutstandingFen: clinics.reduce((s, c) => s + c.packsOutstandingFen, 0), packUsesLeft: clinics.reduce((s, c) => s + c.packUsesLeft, 0) },
  };
};

/**
 * In the first week of a quarter, the daily run records the packs outstanding per clinic as last
 * quarter's end (once; later runs leave it). Later than a week it would count sales of the new
 * quarter, so a quarter whose first week had no run stays unrecorded and the report says so.
 */
export const recordPackQuarterIfDue = async (tenantId: string, today: string, now: Date): Promise<boolean> => {
  const month = Number(today.slice(5, 7));
  if ((month - 1) % 3 !== 0 || Number(today.slice(8, 10)) > 7) return false;
  const balances = await readPackBalances(tenantId, today);
  return recordPackQuarter(tenantId, { month: lastQuarterEnd(today), unearnedFenByClinic: Object.fromEntries(balances.map((b) => [b.clinicId, b.unearnedFen])) }, now.toISOString());
};
