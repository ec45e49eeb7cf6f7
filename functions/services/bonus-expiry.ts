/**
 * The daily lapse of top-up bonus (赠送金额到期), run by the members job: for each patient with a
 * marker due, replay the ledger's bonus lots (bonus-lots.ts), and write one `bonus-expiry` entry
 * for what lapsed — never more than the bonus held — with the markers it settles. A second run
 * finds no marker; a run racing a debit or another run loses the version condition and plans
 * again from a fresh read, so bonus is lapsed once and never below zero.
 *
 * Days are China's (Asia/Shanghai), both for the last valid day written at top-up and for today
 * here, so a lot lapses at the same midnight however the clinics' zones are set.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { ulid } from 'ulid';
import { bonusLotsOf, lapsedBonusFen } from '../../shared/domain/wallet/bonus-lots.js';
import { getPatient } from '../adapters/dynamo/patient-repository.js';
import { getWalletAccount } from '../adapters/dynamo/wallet-repository.js';
import { allWalletEntries, commitBonusExpiry, dueBonusExpiryMarkers, type BonusExpiryMarker } from '../adapters/dynamo/wallet-expiry-repository.js';
import { retry } from '../lib/retry.js';

/** Who wrote a lapse in the ledger: the rule, not a person. */
export const bonusExpiryActor = 'system:bonus-expiry';
/** A transaction holds at most 100 items; a lapse uses a few, the rest settle markers. */
const markersPerCommit = 80;

const expirePatient = async (tenantId: string, patientId: string, markers: BonusExpiryMarker[], today: string, now: Date): Promise<number> => {
  const attempt = async (): Promise<number> => {
    const [account, entries, patient] = await Promise.all([getWalletAccount(tenantId, patientId), allWalletEntries(tenantId, patientId), getPatient(tenantId, patientId)]);
    const lapsed = Math.min(lapsedBonusFen(bonusLotsOf(entries), today), account.bonusFen);
    const settle = markers.slice(0, markersPerCommit);
    const lapse = lapsed > 0 && patient
      ? { tenantId, patientId, clinicId: patient.clinicId, expectedVersion: account.version, entry: { entryId: ulid(now.getTime()), kind: 'bonus-expiry' as const, principalFen: 0, bonusFen: -lapsed, at: now.toISOString(), by: bonusExpiryActor } }
      : undefined;
    await commitBonusExpiry({ ...(lapse ? { lapse } : {}), markers: settle });
    if (markers.length > settle.length) return (lapse ? lapsed : 0) + (await expirePatient(tenantId, patientId, markers.slice(settle.length), today, now));
    return lapse ? lapsed : 0;
  };
  return retry(attempt, { attempts: 8, baseMs: 20, capMs: 400, retryIf: (error) => error instanceof TransactionCanceledException });
};

/** Lapses what is due in one chain; answers the patients settled and the bonus lapsed, in fen. */
export const expireBonuses = async (tenantId: string, today: string, now: Date): Promise<{ patients: number; lapsedFen: number; itemsRead: number }> => {
  const tally = { patients: 0, lapsedFen: 0, itemsRead: 0 };
  let start: Record<string, unknown> | undefined;
  do {
    const page = await dueBonusExpiryMarkers(tenantId, today, start);
    tally.itemsRead += page.read;
    const byPatient = new Map<string, BonusExpiryMarker[]>();
    for (const marker of page.markers) byPatient.set(marker.patientId, [...(byPatient.get(marker.patientId) ?? []), marker]);
    for (const [patientId, markers] of byPatient) {
      tally.lapsedFen += await expirePatient(tenantId, patientId, markers, today, now);
      tally.patients += 1;
    }
    start = page.lastKey;
  } while (start);
  return tally;
};
