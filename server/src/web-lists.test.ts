import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REGION_LEVELS } from './modules/regions/schema.js';
import { APPEAL_STATUSES, HANDLING_MODES, SATISFACTION_LEVELS, TERMINAL_STATUSES } from './modules/appeals/states.js';
import { APPEAL_CHANNELS, URGENCIES } from './modules/appeals/schema.js';
import { SUPERVISION_LEVELS } from './modules/appeals/supervision.js';
import { RATE_KEYS } from './modules/appeals/metrics/definitions.js';
import { SUPERVISION_REASONS } from './modules/appeals/metrics/queries.js';

/*
 * The web app keeps its own copies of these lists (web/src/shared/*.ts import browser code, so the server cannot
 * import them, and the server's files import drizzle, so the web app cannot import those). This test reads the
 * web's source text and fails when a list there and the server's differ. (The role codes need no test: the web
 * app imports the server's own list, server/src/platform/access/role-codes.ts.)
 */

const webShared = path.resolve(import.meta.dirname, '../../web/src/shared');

/** The string literals of `export const NAME … = [ … ]` in a web source file. */
function webList(file: string, name: string): string[] {
  const text = readFileSync(path.join(webShared, file), 'utf8');
  const at = text.search(new RegExp(`export const ${name}\\b`));
  if (at < 0) throw new Error(`web/src/shared/${file} has no export const ${name}`);
  const open = text.indexOf('[', text.indexOf('=', at));
  const close = text.indexOf(']', open);
  if (open < 0 || close < 0) throw new Error(`web/src/shared/${file}: ${name} is not an array literal`);
  return [...text.slice(open + 1, close).matchAll(/'([^']*)'/g)].map((m) => m[1]!);
}

const sorted = (list: readonly string[]) => [...list].sort();

describe('lists the web app repeats are the server\'s', () => {
  const cases: Array<[file: string, name: string, server: readonly string[]]> = [
    ['appeals/lists.ts', 'APPEAL_STATUSES', APPEAL_STATUSES],
    ['appeals/lists.ts', 'TERMINAL_STATUSES', TERMINAL_STATUSES],
    ['appeals/lists.ts', 'HANDLING_MODES', HANDLING_MODES],
    ['appeals/lists.ts', 'SATISFACTIONS', SATISFACTION_LEVELS],
    ['appeals/lists.ts', 'URGENCIES', URGENCIES],
    ['appeals/lists.ts', 'SUPERVISION_LEVELS', SUPERVISION_LEVELS],
    ['appeals/lists.ts', 'APPEAL_CHANNELS', APPEAL_CHANNELS],
    ['appeals/lists.ts', 'RATE_KEYS', RATE_KEYS],
    ['appeals/lists.ts', 'SUPERVISION_REASONS', SUPERVISION_REASONS],
    ['roles.ts', 'LEVELS', REGION_LEVELS],
  ];
  it.each(cases)('web/src/shared/%s %s', (file, name, server) => {
    const web = webList(file, name);
    expect(web.length).toBeGreaterThan(0);
    // The same members; the web app may list them in an order of its own (e.g. RATE_KEYS for display).
    expect(sorted(web)).toEqual(sorted(server));
  });
});
