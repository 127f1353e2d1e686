import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TEST_ENGINE } from './helpers/harness.js';
import { getRule } from '../src/modules/pb/counting/index.js';
import { pabulibDir } from '../src/modules/pb/format/pabulib-dir.js';

const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = mkdtempSync(path.join(tmpdir(), 'tongxin-pb-cli-'));
const cli = (...args: string[]) => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    cwd: serverDir,
    env: { ...process.env, DATA_DIR: path.join(dir, 'data'), LOG_LEVEL: 'warn', INIT_CWD: '' },
    encoding: 'utf8',
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SMALL = ['META', 'key;value', 'budget;100', 'vote_type;approval', 'currency;PLN', 'min_project_score_threshold;2', 'PROJECTS', 'project_id;cost;name', '9;40;"a; b"', '10;30;c', '7;50;d', '3;20;e', 'VOTES', 'voter_id;vote', '1;9,10,7', '2;9,10,7', '3;7,3', '4;'].join('\r\n');

// The pb commands touch no database; one pass is enough.
describe.runIf(TEST_ENGINE === 'pglite')('tongxin pb', () => {
  const file = path.join(dir, 'small.pb');
  writeFileSync(file, SMALL);

  it('count prints one JSON object with the selected ids and their cost', () => {
    const r = cli('pb', 'count', file, '--rule', 'greedy');
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(r.stdout)).toEqual({
      file: 'small.pb',
      rule: 'greedy',
      selected: ['7', '10', '3'],
      cost: 100,
      details: { remaining: '0' },
      budget: 100,
      projects: 4,
      voters: 4,
    });
    const t = JSON.parse(cli('pb', 'count', file, '--rule', 'greedy-threshold', '--explain').stdout) as { selected: string[]; explanations: Array<{ id: string; reason: string }> };
    expect(t.selected).toEqual(['7', '10']); // the threshold (2 votes) comes from META
    expect(t.explanations.map((e) => `${e.id}:${e.reason}`)).toEqual(['7:selected', '10:selected', '9:does_not_fit', '3:below_threshold']);
    expect(JSON.parse(cli('pb', 'count', file, '--rule', 'greedy-threshold', '--threshold', '3').stdout)).toMatchObject({ selected: ['7'] });
    expect(JSON.parse(cli('pb', 'count', file, '--rule', 'greedy-no-skip').stdout)).toMatchObject({ selected: ['7', '10'] });
  }, 60_000);

  it('rules that are not there, bad options and bad files are errors', () => {
    for (const rule of ['mes', 'mes-add1']) {
      const r = cli('pb', 'count', file, '--rule', rule, '--increment', '1');
      if (getRule(rule)) {
        expect(r.code).toBe(0);
        expect(JSON.parse(r.stdout)).toMatchObject({ rule, selected: expect.any(Array) as unknown });
      } else {
        expect(r.code).toBe(2);
        expect(r.stderr).toContain(`rule ${rule} is not available yet`);
      }
    }
    expect(cli('pb', 'count', file, '--rule', 'lottery')).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown rule lottery') as unknown });
    expect(cli('pb', 'count', file)).toMatchObject({ code: 2, stderr: expect.stringContaining('usage: tongxin pb count') as unknown });
    expect(cli('pb', 'count', file, '--rule', 'greedy', '--increment', 'zero')).toMatchObject({ code: 2, stderr: '--increment must be a positive number, got zero\n' });
    const bad = path.join(dir, 'bad.pb');
    writeFileSync(bad, SMALL.replace('3;7,3', '3;7,8'));
    expect(cli('pb', 'count', bad, '--rule', 'greedy')).toMatchObject({ code: 1, stderr: `${bad}: line 17: the vote names project "8", which is not in PROJECTS\n` });
  }, 60_000);

  it('normalize writes the normal form, a fixed point', () => {
    const out = path.join(dir, 'out.pb');
    expect(cli('pb', 'normalize', file, out)).toMatchObject({ code: 0, stdout: expect.stringContaining('wrote') as unknown });
    const once = readFileSync(out, 'utf8');
    expect(once).toBe(SMALL + '\r\n');
    const again = cli('pb', 'normalize', out);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(once);
  }, 60_000);

  const data = pabulibDir();
  it.runIf(data !== null)('counts a pabulib instance as pabutools does', () => {
    const reference = JSON.parse(readFileSync(path.join(data!, 'reference_outcomes.json'), 'utf8')) as Record<string, { greedy: string[] }>;
    const r = JSON.parse(cli('pb', 'count', path.join(data!, 'Netherlands_Assen_2024.pb'), '--rule', 'greedy').stdout) as { selected: string[]; cost: number };
    expect(r.selected).toEqual(reference['Netherlands_Assen_2024.pb']!.greedy);
    expect(r.cost).toBe(99200);
  }, 60_000);
});
