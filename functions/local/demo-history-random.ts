/**
 * A seeded pseudo-random source for the demo history: the same seed and the same "today" give
 * the same chain, byte for byte, so a demo looks the same on every laptop and tests can pin it.
 * Math.random is never used here; ids are ULIDs whose random part comes from this source.
 */
import { ulid } from 'ulid';

export type Weighted<T> = readonly (readonly [T, number])[];

export class DemoRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** mulberry32: tiny, fast and good enough for demo data (not for anything secret). */
  next = (): number => {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };

  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }

  weighted<T>(entries: Weighted<T>): T {
    const total = entries.reduce((sum, [, w]) => sum + w, 0);
    let r = this.next() * total;
    for (const [value, w] of entries) {
      r -= w;
      if (r < 0) return value;
    }
    const last = entries[entries.length - 1];
    if (!last) throw new Error('weighted pick from an empty list');
    return last[0];
  }

  /** Roughly normal (sum of three uniforms): gaps between visits cluster around their mean. */
  around(mean: number, spread: number): number {
    return Math.round(mean + ((this.next() + this.next() + this.next()) / 3 - 0.5) * 2 * spread);
  }

  /** A ULID stamped with the event's own time, so ids sort like the records they name. */
  id(atMs: number): string {
    return ulid(Math.max(0, Math.floor(atMs)), this.next);
  }
}
