/** Names, keys and codes of the generated regions and units. */

import type { Rng } from './rng.js';
import type { RegionLevel } from './types.js';

export class NameBook {
  private readonly used = new Set<string>();

  constructor(private readonly rng: Rng) {}

  reserve(name: string): void {
    this.used.add(name);
  }

  has(name: string): boolean {
    return this.used.has(name);
  }

  /** A name `${head}${tail}${suffix}` not used before: random tries, then a scan, then a numbered fallback. */
  unique(heads: readonly string[], tails: readonly string[], suffix: string): string {
    for (let attempt = 0; attempt < 40; attempt++) {
      const name = `${this.rng.pick(heads)}${this.rng.pick(tails)}${suffix}`;
      if (!this.used.has(name)) {
        this.used.add(name);
        return name;
      }
    }
    for (const tail of tails) {
      for (const head of heads) {
        const name = `${head}${tail}${suffix}`;
        if (!this.used.has(name)) {
          this.used.add(name);
          return name;
        }
      }
    }
    for (let n = 2; ; n++) {
      const name = `${this.rng.pick(heads)}${this.rng.pick(tails)}${n}${suffix}`;
      if (!this.used.has(name)) {
        this.used.add(name);
        return name;
      }
    }
  }
}

export function stripSuffix(name: string): string {
  for (const suffix of ['社区', '街道', '村', '镇']) if (name.endsWith(suffix)) return name.slice(0, -suffix.length);
  return name;
}

export function regionKey(level: RegionLevel, code: string): string {
  return `${level}:${code}`;
}

export function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}
