/** Invariants 1 and 2: every key begins with the tenant; ids are random, not sequential. */
import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { chainEntity } from '../../functions/adapters/dynamo/entities/chain.js';
import { inboundNumberEntity } from '../../functions/adapters/dynamo/entities/inbound.js';
import { patientEntity } from '../../functions/adapters/dynamo/entities/patient.js';
import { tenantPrefix } from '../../functions/adapters/dynamo/entities/partitions.js';
import { decodeCursor, encodeCursor, parseCursor } from '../../functions/adapters/dynamo/cursor.js';
import { DomainError } from '../../shared/domain/errors.js';

describe('keys', () => {
  // Every key beginning with the tenant, for every entity, is checked in entities.test.ts.
  it('the only keys outside a tenant are the registries: the tenant list and reply-number routes', () => {
    expect(chainEntity.indexes.registry.keys({ tenantId: 'T1' })).toEqual({ gsi1pk: 'TENANTS', gsi1sk: 'T1' });
    expect(inboundNumberEntity.key({ number: '+8610690000001' })).toEqual({ pk: 'INBOUND#+8610690000001', sk: 'ROUTE' });
    // Neither can be mistaken for a tenant's partition.
    expect(inboundNumberEntity.key({ number: 'x' }).pk.startsWith('T#')).toBe(false);
  });

  it('one tenant’s keys never prefix another’s (T#AB vs T#ABC)', () => {
    expect(patientEntity.key({ tenantId: 'AB', patientId: 'p' }).pk.startsWith(patientEntity.pk.prefix({ tenantId: 'ABC' }))).toBe(false);
    expect(patientEntity.indexes.byClinic.pk.fill({ tenantId: 'AB', clinicId: 'c' })).not.toBe(patientEntity.indexes.byClinic.pk.fill({ tenantId: 'ABC', clinicId: 'c' }));
    expect(tenantPrefix('AB')).toBe('T#AB');
  });
});

describe('ids', () => {
  it('are random ULIDs: unique, and not a counting sequence within one millisecond', () => {
    const ids = Array.from({ length: 2000 }, () => ulid());
    expect(new Set(ids).size).toBe(ids.length);
    // Same timestamp for all: what follows it must be random, not an increasing counter.
    const sameMs = Array.from({ length: 200 }, () => ulid(1_790_000_000_000).slice(10));
    expect(new Set(sameMs).size).toBe(200);
    expect(sameMs).not.toEqual([...sameMs].sort());
  });
});

describe('cursors', () => {
  it('carry only the primary key, sealed: nothing in them can be read, not even the key', () => {
    const key = { pk: 'T#a#P#1', sk: 'MSG#care#care.v1.wisdom-tooth.3', gsi2pk: 'T#a#C#c#PHONE', gsi2sk: '+8613800138000#1' };
    const cursor = encodeCursor(key) ?? '';
    expect(parseCursor(cursor)).toEqual({ pk: 'T#a#P#1', sk: 'MSG#care#care.v1.wisdom-tooth.3' });
    for (const decoded of [Buffer.from(cursor, 'base64url').toString('utf8'), Buffer.from(cursor, 'base64url').toString('latin1'), cursor]) {
      for (const secret of ['wisdom', 'tooth', 'care', 'T#a', 'P#1', '138']) expect(decoded).not.toContain(secret);
    }
    // A fresh nonce each time: two cursors of one key do not even show that they are equal.
    expect(encodeCursor(key)).not.toBe(cursor);
  });

  it('refuse a tampered, truncated or hand-made cursor with cursor.invalid', () => {
    const cursor = encodeCursor({ pk: 'T#a#OUTBOX', sk: '2026#x' }) ?? '';
    const raw = Buffer.from(cursor, 'base64url');
    const flipped = (at: number) => {
      const copy = Buffer.from(raw);
      copy[at] = (copy[at] ?? 0) ^ 1;
      return copy.toString('base64url');
    };
    const forged = [flipped(0), flipped(14), flipped(raw.length - 1), cursor.slice(0, -4), cursor.slice(0, 30), `${cursor}AA`, Buffer.from('{"pk":"T#a#OUTBOX","sk":"x"}').toString('base64url'), ''];
    for (const bad of forged) {
      try {
        decodeCursor(bad, 'pk', 'T#a#OUTBOX');
        expect.unreachable(bad);
      } catch (error) {
        expect(error).toBeInstanceOf(DomainError);
        expect((error as DomainError).fields.map((f) => f.code)).toEqual(['cursor.invalid']);
      }
    }
  });

  it('round-trip for table queries, and refuse another partition, forged or malformed ones', () => {
    const cursor = encodeCursor({ pk: 'T#a#OUTBOX', sk: '2026#x' });
    expect(decodeCursor(cursor, 'pk', 'T#a#OUTBOX')).toEqual({ pk: 'T#a#OUTBOX', sk: '2026#x' });
    expect(() => decodeCursor(cursor, 'pk', 'T#b#OUTBOX')).toThrow(/does not belong/);
    expect(() => decodeCursor('!!!', 'pk', 'x')).toThrow(/cursor/);
    const extra = Buffer.from(JSON.stringify({ pk: 'T#a#OUTBOX', sk: 'x', gsi1pk: 'y' })).toString('base64url');
    expect(() => decodeCursor(extra, 'pk', 'T#a#OUTBOX')).toThrow(/not a cursor/);
    const noSk = Buffer.from(JSON.stringify({ pk: 'T#a#OUTBOX' })).toString('base64url');
    expect(() => decodeCursor(noSk, 'pk', 'T#a#OUTBOX')).toThrow(/not a cursor/);
  });
});
