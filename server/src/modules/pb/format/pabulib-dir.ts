import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readPb } from './pb.js';
import { toCountingInput } from './counting-input.js';

/**
 * For tests: the folder of real pabulib instances and their reference outcomes (`../shared/data/pabulib/` beside the
 * repository, or `PABULIB_DIR`), or null when it is absent — the product itself never reads it.
 */
export function pabulibDir(): string | null {
  const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../..');
  const dir = process.env.PABULIB_DIR ?? path.resolve(repo, '../shared/data/pabulib');
  return existsSync(dir) ? dir : null;
}

/** The `.pb` files of that folder, sorted by name (empty when it is absent). */
export function pabulibFiles(): string[] {
  const dir = pabulibDir();
  return dir ? readdirSync(dir).filter((f) => f.endsWith('.pb')).sort() : [];
}

/** For tests: `reference_outcomes.json` of that folder (file → what pabutools computed), or {} when it is absent. */
export function pabulibReference<T>(): Record<string, T> {
  const dir = pabulibDir();
  return dir ? (JSON.parse(readFileSync(path.join(dir, 'reference_outcomes.json'), 'utf8')) as Record<string, T>) : {};
}

/** For tests: one instance of that folder, read, and as the counting library reads it. */
export function loadPabulib(file: string) {
  const inst = readPb(readFileSync(path.join(pabulibDir()!, file), 'utf8'));
  return { inst, input: toCountingInput(inst) };
}
