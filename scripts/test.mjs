#!/usr/bin/env node
// npm test: lint, type check, unit tests, the integration suite on PGlite and on PostgreSQL, then
// end-to-end tests in Chromium. Prints the counts of every tier and a closing "N passed, N failed".
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'artifacts', 'test-results');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const strict = process.env.CI === 'true' || process.env.CI === '1';

let passed = 0;
let failed = 0;
let skipped = 0;
const summary = [];

function run(name, cmd, args, opts = {}) {
  const t0 = Date.now();
  console.log(`\n▶ ${name}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { cwd: opts.cwd ?? root, env: { ...process.env, ...opts.env }, stdio: 'inherit' });
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  let counts = '';
  if (opts.json && existsSync(opts.json)) {
    const j = JSON.parse(readFileSync(opts.json, 'utf8'));
    passed += j.numPassedTests;
    failed += j.numFailedTests;
    skipped += j.numPendingTests + (j.numTodoTests ?? 0);
    counts = ` ${j.numPassedTests} passed, ${j.numFailedTests} failed`;
    if (j.numTotalTests === 0) {
      failed += 1;
      counts += ' (no test ran)';
    }
  } else if (opts.json) {
    failed += 1;
    counts = ' (no results written)';
  } else if (r.status !== 0) {
    failed += 1;
  }
  const ok = r.status === 0;
  summary.push(`${ok ? '✔' : '✘'} ${name.padEnd(34)} ${secs.padStart(6)} s${counts}`);
  return ok;
}

const vitest = (name, project, env) => {
  const json = path.join(out, `${name.replace(/\W+/g, '-')}.json`);
  const where = project === 'e2e' ? ['--config', path.join(root, 'e2e', 'vitest.config.ts')] : ['--project', project];
  return run(name, 'npx', ['vitest', 'run', ...where, '--reporter=default', '--reporter=json', `--outputFile.json=${json}`], {
    cwd: project === 'e2e' ? root : path.join(root, 'server'),
    env,
    json,
  });
};

function reachable(host, port) {
  return new Promise((resolve) => {
    const s = net.connect({ host, port, timeout: 2000 }, () => {
      s.end();
      resolve(true);
    });
    s.on('error', () => resolve(false));
    s.on('timeout', () => {
      s.destroy();
      resolve(false);
    });
  });
}

run('lint', 'npx', ['eslint', '.']);
run('type check', 'npm', ['run', 'typecheck', '--silent']);
vitest('unit', 'unit', {});
vitest('integration (PGlite)', 'integration', { TEST_DB: 'pglite' });
if (await reachable('127.0.0.1', 5432)) {
  vitest('integration (PostgreSQL)', 'integration', { TEST_DB: 'postgres' });
} else if (strict) {
  summary.push('✘ integration (PostgreSQL): no server at 127.0.0.1:5432');
  failed += 1;
} else {
  summary.push('- integration (PostgreSQL): skipped, no server at 127.0.0.1:5432');
}
if (existsSync('/usr/bin/chromium')) {
  run('web build', 'npm', ['run', 'build', '-w', 'web', '--silent']);
  vitest('end-to-end (Chromium)', 'e2e', {});
} else if (strict) {
  summary.push('✘ end-to-end: /usr/bin/chromium is missing');
  failed += 1;
} else {
  summary.push('- end-to-end: skipped, /usr/bin/chromium is missing (apt-get install chromium fonts-noto-cjk)');
}

console.log(`\n${summary.join('\n')}\n`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
