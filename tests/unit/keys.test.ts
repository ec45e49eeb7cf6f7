/** Invariants 1 and 2: every key begins with the tenant; ids are random, not sequential. */
import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { keys, tenantPrefix } from '../../functions/adapters/dynamo/keys.js';
import { decodeCursor, encodeCursor } from '../../functions/adapters/dynamo/cursor.js';

describe('keys', () => {
  it('every primary and index key of clinic data begins with T#<tenant>', () => {
    const t = 'TENANT1';
    const built = [
      keys.chain(t).pk, keys.clinic(t, 'c').pk, keys.clinicPrefix(t).pk, keys.staff(t, 'e').pk, keys.staffPrefix(t).pk,
      keys.patient(t, 'p').pk, keys.patientsByClinic(t, 'c'), keys.patientsByPhone(t, 'c'), keys.patientsByName(t, 'c'),
      keys.outbox(t), keys.jobRun(t, 'j', 's').pk, keys.jobRunPrefix(t, 'j').pk, keys.patientStats(t, 'c').pk,
    ];
    for (const key of built) expect(key.startsWith(`${tenantPrefix(t)}`)).toBe(true);
  });

  it('one tenant’s keys never prefix another’s (T#AB vs T#ABC)', () => {
    expect(keys.patient('AB', 'p').pk.startsWith(keys.patient('ABC', '').pk)).toBe(false);
    expect(keys.patientsByClinic('AB', 'c')).not.toBe(keys.patientsByClinic('ABC', 'c'));
  });
});

describe('ids', () => {
  it('are random ULIDs: unique, and not a counting sequence within one millisecond', () => {
    const ids = Array.from({ length: 2000 }, () => ulid());
    expect(new Set(ids).size).toBe(ids.length);
    const sameMs = ids.filter((id) => id.slice(0, 10) === ids[0]?.slice(0, 10)).map((id) => id.slice(10));
    const sorted = [...sameMs].sort();
    if (sameMs.length > 3) expect(sameMs).not.toEqual(sorted);
  });
});

describe('cursors', () => {
  it('round-trip, and refuse a cursor of another partition or a forged one', () => {
    const key = { pk: 'T#a#P#1', sk: 'PROFILE', gsi1pk: 'T#a#C#c#PATIENTS', gsi1sk: 'x' };
    const cursor = encodeCursor(key);
    expect(decodeCursor(cursor, 'gsi1pk', 'T#a#C#c#PATIENTS')).toEqual(key);
    expect(() => decodeCursor(cursor, 'gsi1pk', 'T#b#C#c#PATIENTS')).toThrow(/does not belong/);
    expect(() => decodeCursor('!!!', 'gsi1pk', 'x')).toThrow(/cursor/);
    expect(() => decodeCursor(Buffer.from('{"gsi1pk":{"S":"x"}}').toString('base64url'), 'gsi1pk', 'x')).toThrow(/cursor/);
  });
});
