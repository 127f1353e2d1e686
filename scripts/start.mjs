#!/usr/bin/env node
// npm start: build the web app if it is missing or stale, then start the whole system on embedded
// PGlite with the demo city (seeded on first start). Settings come from the environment (docs/operations.md).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'web', 'dist', 'index.html');

function newestMtime(dir) {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    const st = statSync(p);
    newest = Math.max(newest, st.isDirectory() ? newestMtime(p) : st.mtimeMs);
  }
  return newest;
}

const webSources = [path.join(root, 'web', 'src'), path.join(root, 'web', 'index.html'), path.join(root, 'web', 'h5')];
const stale = !existsSync(dist) || webSources.some((p) => existsSync(p) && (statSync(p).isDirectory() ? newestMtime(p) : statSync(p).mtimeMs) > statSync(dist).mtimeMs);
if (stale) {
  console.log('正在构建前端 / building the web app …');
  const r = spawnSync('npm', ['run', 'build', '-w', 'web', '--silent'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const env = { ...process.env };
env.DATA_DIR ??= path.join(root, '.data');
env.WEB_DIST ??= path.join(root, 'web', 'dist');
// The demo city (with its published demo logins) only on the embedded database, never on a real server.
env.SEED_DEMO ??= env.DATABASE_URL ? 'false' : 'true';
const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'server', 'src', 'cli', 'main.ts'), 'serve'], {
  cwd: path.join(root, 'server'),
  env,
  stdio: 'inherit',
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));
