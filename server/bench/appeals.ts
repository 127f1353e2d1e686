/**
 * The appeals benchmarks of the acceptance line, one after the other:
 *
 *   npm run bench:appeals          (from the repository root or server/)
 *
 * 1. intake throughput (bench/appeals-intake.ts, also `npm run bench:appeals-intake`);
 * 2. the statistics over 1,000,000 cases (bench/appeals-stats.ts, also `npm run bench:appeals-stats`).
 *
 * Each runs in its own process with this environment (see each file for its variables). Both run even if the
 * first fails; the exit code is non-zero when either did.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
let failed = 0;
for (const [title, file] of [
  ['intake throughput', 'appeals-intake.ts'],
  ['statistics over 1,000,000 cases', 'appeals-stats.ts'],
] as const) {
  console.log(`\n━━ appeals benchmark: ${title} (bench/${file}) ━━\n`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(here, file)], { stdio: 'inherit', env: process.env });
  if (r.status !== 0) {
    failed += 1;
    console.log(`\nbench/${file} exited with ${r.status ?? r.signal}`);
  }
}
process.exit(failed ? 1 : 0);
