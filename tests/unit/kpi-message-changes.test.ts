/** The KPI message counts from the ledger's changes (the table stream), not from the send path. */
import { describe, expect, it } from 'vitest';
import { countedInRollups, deltaOfLedgerChange, ledgerTenantOf, messageCountsOf, type LedgerChange } from '../../shared/domain/kpi/message-changes.js';

const sh = 'Asia/Shanghai';
const zone = () => sh;

/** A ledger item as the pipeline leaves it (send-ledger-repository.ts). */
const ledger = (fields: { tenant?: string; patient?: string; clinicId?: string; status: string; at: string; reason?: string; purpose?: string }) => ({
  pk: `T#${fields.tenant ?? 'T1'}#P#${fields.patient ?? 'P1'}`,
  sk: `MSG#${fields.purpose ?? 'recall'}#recall.cleaning.2026-03-10.14`,
  purpose: fields.purpose ?? 'recall',
  clinicId: fields.clinicId ?? 'C1',
  status: fields.status,
  claimedAt: fields.at,
  decisions: fields.status === 'claimed' ? [] : [{ at: fields.at, kind: fields.status, ...(fields.reason ? { reason: fields.reason } : {}) }],
});

describe('ledgerTenantOf', () => {
  it('names the chain of a ledger item and of nothing else', () => {
    expect(ledgerTenantOf(ledger({ tenant: 'CHAIN9', status: 'sent', at: '2026-03-10T02:00:00Z' }))).toBe('CHAIN9');
    // A phone's occasion claim shares the MSG# sort key under the phone's partition.
    expect(ledgerTenantOf({ pk: 'T#T1#PHONE#+8613800000000', sk: 'MSG#recall#x' })).toBeUndefined();
    expect(ledgerTenantOf({ pk: 'T#T1#P#P1', sk: 'VISIT#1' })).toBeUndefined();
    expect(ledgerTenantOf({ pk: 'T#T1#P#P1#extra', sk: 'MSG#recall#x' })).toBeUndefined();
    expect(ledgerTenantOf(undefined)).toBeUndefined();
  });
});

describe('deltaOfLedgerChange', () => {
  const claimed = ledger({ status: 'claimed', at: '2026-03-10T02:00:00Z' });
  const sent = ledger({ status: 'sent', at: '2026-03-10T02:00:01Z' });

  it('counts nothing for a claim, then the send on the clinic day of its outcome', () => {
    expect(deltaOfLedgerChange({ kind: 'INSERT', after: claimed }, zone)).toEqual([]);
    expect(deltaOfLedgerChange({ kind: 'MODIFY', before: claimed, after: sent }, zone)).toEqual([
      { clinicId: 'C1', day: '2026-03-10', counters: { 'messages.sent': 1, 'messages.sent.recall': 1 } },
    ]);
  });

  it('moves a failed send to sent when its retry goes out, across days', () => {
    const failed = ledger({ status: 'failed', at: '2026-03-10T15:50:00Z', reason: 'throttled' });
    const retried = ledger({ status: 'sent', at: '2026-03-10T16:20:00Z' });
    expect(deltaOfLedgerChange({ kind: 'MODIFY', before: failed, after: retried }, zone)).toEqual([
      { clinicId: 'C1', day: '2026-03-10', counters: { 'messages.failed': -1, 'messages.failed.recall': -1 } },
      { clinicId: 'C1', day: '2026-03-11', counters: { 'messages.sent': 1, 'messages.sent.recall': 1 } },
    ]);
  });

  it('counts a skip with its reason, and the same skip rewritten counts nothing more', () => {
    const skipped = ledger({ status: 'skipped', at: '2026-03-10T02:00:00Z', reason: 'no-consent' });
    expect(deltaOfLedgerChange({ kind: 'INSERT', after: skipped }, zone)[0]?.counters).toEqual({ 'messages.skipped': 1, 'messages.skipped.recall': 1, 'messages.skipReason.no-consent': 1 });
    expect(deltaOfLedgerChange({ kind: 'MODIFY', before: skipped, after: { ...skipped, delivery: { status: 'delivered' } } }, zone)).toEqual([]);
  });

  it('never uncounts a removal, and skips an insert whose counts its writer already holds', () => {
    expect(deltaOfLedgerChange({ kind: 'REMOVE', before: sent }, zone)).toEqual([]);
    expect(deltaOfLedgerChange({ kind: 'INSERT', after: { ...sent, [countedInRollups]: true } }, zone)).toEqual([]);
    // Its later changes count as anyone's: the bulk writer counted the state it wrote.
    const failedDemo = { ...ledger({ status: 'failed', at: '2026-03-10T02:00:00Z' }), [countedInRollups]: true };
    expect(deltaOfLedgerChange({ kind: 'MODIFY', before: failedDemo, after: { ...sent, [countedInRollups]: true } }, zone).map((d) => d.counters)).toEqual([
      { 'messages.failed': -1, 'messages.failed.recall': -1, 'messages.sent': 1, 'messages.sent.recall': 1 },
    ]);
  });

  it('takes each side on its own clinic\'s day when a message changes clinic', () => {
    const zones: Record<string, string> = { C1: sh, C2: 'America/Los_Angeles' };
    const before = ledger({ status: 'failed', at: '2026-03-10T03:00:00Z' });
    const after = ledger({ clinicId: 'C2', status: 'sent', at: '2026-03-10T04:00:00Z' });
    expect(deltaOfLedgerChange({ kind: 'MODIFY', before, after }, (c) => zones[c] ?? sh)).toEqual([
      { clinicId: 'C1', day: '2026-03-10', counters: { 'messages.failed': -1, 'messages.failed.recall': -1 } },
      { clinicId: 'C2', day: '2026-03-09', counters: { 'messages.sent': 1, 'messages.sent.recall': 1 } },
    ]);
  });
});

describe('messageCountsOf', () => {
  it('sums a batch per chain and clinic day, dropping what nets to zero', () => {
    const changes: LedgerChange[] = [
      ...['P1', 'P2', 'P3'].flatMap((patient): LedgerChange[] => [
        { kind: 'INSERT', after: ledger({ patient, status: 'claimed', at: '2026-03-10T02:00:00Z' }) },
        { kind: 'MODIFY', before: ledger({ patient, status: 'claimed', at: '2026-03-10T02:00:00Z' }), after: ledger({ patient, status: 'sent', at: '2026-03-10T02:00:01Z' }) },
      ]),
      { kind: 'INSERT', after: ledger({ tenant: 'T2', status: 'skipped', at: '2026-03-10T02:00:00Z', reason: 'budget', purpose: 'campaign' }) },
      { kind: 'INSERT', after: { pk: 'T#T1#PHONE#x', sk: 'MSG#recall#y', status: 'sent', clinicId: 'C1' } },
    ];
    const counts = messageCountsOf(changes, () => sh);
    expect([...counts.keys()].sort()).toEqual(['T1', 'T2']);
    expect(counts.get('T1')).toEqual([{ clinicId: 'C1', day: '2026-03-10', counters: { 'messages.sent': 3, 'messages.sent.recall': 3 } }]);
    expect(counts.get('T2')?.[0]?.counters).toEqual({ 'messages.skipped': 1, 'messages.skipped.campaign': 1, 'messages.skipReason.budget': 1 });
    expect(messageCountsOf([{ kind: 'INSERT', after: ledger({ status: 'claimed', at: '2026-03-10T02:00:00Z' }) }], () => sh).size).toBe(0);
  });
});
