import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TEST_ENGINE } from './helpers/harness.js';

const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = mkdtempSync(path.join(tmpdir(), 'tongxin-cli-'));
const cli = (...args: string[]) =>
  execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    cwd: serverDir,
    env: { ...process.env, DATA_DIR: path.join(dir, 'data'), LOG_LEVEL: 'warn', INIT_CWD: '' },
    encoding: 'utf8',
  });
const square = (x: number, y: number, d: number) => ({
  type: 'Polygon',
  coordinates: [[[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]],
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

// The command line works on the embedded database; one pass is enough.
describe.runIf(TEST_ENGINE === 'pglite')('command line', () => {
  it('creates a city, imports and exports its regions, manages a user and verifies the audit chain', () => {
    expect(cli('city', 'create', '--name', '测试市', '--code', '990000')).toContain('created city 测试市');
    const fc = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { code: '990100', name: '一区', level: 'district', parentCode: '990000' }, geometry: square(110, 20, 0.1) },
        { type: 'Feature', properties: { code: '990101', name: '一街道', level: 'street', parentCode: '990100' }, geometry: square(110, 20, 0.05) },
      ],
    };
    const file = path.join(dir, 'regions.geojson');
    writeFileSync(file, JSON.stringify(fc));
    expect(cli('import', 'regions', '--file', file)).toContain('2 created, 0 updated');
    const out = path.join(dir, 'out.geojson');
    expect(cli('export', 'regions', '--out', out)).toContain('exported 3 regions');
    const exported = JSON.parse(readFileSync(out, 'utf8')) as { features: Array<{ properties: { code: string; parentCode: string | null } }> };
    expect(exported.features.map((f) => [f.properties.code, f.properties.parentCode])).toEqual([
      ['990000', null],
      ['990100', '990000'],
      ['990101', '990100'],
    ]);
    // A bad file writes nothing and names the row.
    writeFileSync(file, JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { code: 'X', name: '', level: 'street', parentCode: '990100' }, geometry: null }] }));
    expect(() => cli('import', 'regions', '--file', file)).toThrow(/row 1 name: required/);
    expect(() => cli('user', 'create', '--username', 'boss', '--role', 'admin', '--region', '990000', '--password', 'weak')).toThrow(/policy/);
    expect(cli('user', 'create', '--username', 'boss', '--name', '管理员', '--role', 'admin', '--region', '990000', '--password', 'Haikou#2026x')).toContain('created boss');
    expect(cli('user', 'reset-password', '--username', 'boss', '--password', 'Haikou#2027y')).toContain('done');
    expect(cli('user', 'list')).toMatch(/boss\s+active\s+管理员\s+admin@测试市/);
    const verify = JSON.parse(cli('audit', 'verify')) as { ok: boolean; checked: number };
    expect(verify.ok).toBe(true);
    expect(verify.checked).toBe(4); // city, import, user, reset
  }, 120_000);
});
