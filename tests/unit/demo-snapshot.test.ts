/** The demo snapshot serves only the Shanghai day it was seeded on (its appointments are "today"); after midnight the twin seeds. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { currentSnapshot, loadSnapshot, saveSnapshot } from '../../functions/local/demo-snapshot.js';

const dir = mkdtempSync(join(tmpdir(), 'smileloop-snapshot-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the demo snapshot file', () => {
  const file = join(dir, 'demo.json');
  saveSnapshot(file, { demoTenantId: 'T1', seededDay: '2026-12-05', tables: { MainTable: [{ pk: { S: 'T#T1' }, sk: { S: 'X' }, facts: { B: new Uint8Array([0, 255, 7]) }, tags: { SS: ['a', 'b'] } }] } });

  it('keeps bytes and sets as they were written', () => {
    const item = loadSnapshot(file).tables.MainTable?.[0];
    expect(item?.facts?.B).toEqual(new Uint8Array([0, 255, 7]));
    expect(item?.tags?.SS).toEqual(['a', 'b']);
  });

  it('is current until midnight in Shanghai, then no longer', () => {
    expect(currentSnapshot(file, new Date('2026-12-05T15:59:00Z'))?.demoTenantId).toBe('T1');
    expect(currentSnapshot(file, new Date('2026-12-05T16:00:00Z'))).toBeUndefined();
  });
});
