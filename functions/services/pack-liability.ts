/**
 * Visit packs outstanding in the owner's liability report: the unearned value of the uses left,
 * per clinic that sold them, kept by the transactions that sell, use, give back and refund packs
 * (pack-repository.ts packBalanceUpdates), of packs still valid today. One small query beside the member balances.
 */
import { readPackBalances } from '../adapters/dynamo/pack-repository.js';

export type PackLiability = { packsOutstandingFen: number; packUsesLeft: number };

export const withPackLiability = async <R extends { clinicId: string }>(tenantId: string, rows: readonly R[], today: string): Promise<{ clinics: (R & PackLiability)[]; total: PackLiability }> => {
  const balances = new Map((await readPackBalances(tenantId, today)).map((b) => [b.clinicId, b]));
  const clinics = rows.map((r) => ({ ...r, packsOutstandingFen: balances.get(r.clinicId)?.unearnedFen ?? 0, packUsesLeft: balances.get(r.clinicId)?.usesLeft ?? 0 }));
  return {
    clinics,
    total: { packsOutstandingFen: clinics.reduce((s, c) => s + c.packsOutstandingFen, 0), packUsesLeft: clinics.reduce((s, c) => s + c.packUsesLeft, 0) },
  };
};
