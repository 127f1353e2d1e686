import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TEST_ENGINE } from './helpers/harness.js';

const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = mkdtempSync(path.join(tmpdir(), 'tongxin-points-cli-'));
const cli = (...args: string[]) =>
  execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    cwd: serverDir,
    env: { ...process.env, DATA_DIR: path.join(dir, 'data'), LOG_LEVEL: 'warn', INIT_CWD: '' },
    encoding: 'utf8',
  });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.runIf(TEST_ENGINE === 'pglite')('tongxin points verify', () => {
  it('verifies the ledgers and refuses a bad --kind', () => {
    expect(JSON.parse(cli('points', 'verify'))).toEqual({ entries: 0, accounts: 0, ok: true });
    expect(JSON.parse(cli('points', 'verify', '--kind', 'credit'))).toMatchObject({ ok: true });
    expect(() => cli('points', 'verify', '--kind', 'gold')).toThrow();
  }, 120_000);
});
