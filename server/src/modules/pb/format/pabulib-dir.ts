import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

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
