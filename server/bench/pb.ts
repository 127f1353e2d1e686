/**
 * Benchmark of the micro-project counting rules against pabutools 1.2.3's recorded times.
 *
 *   npm run bench:pb            (from the repository root or server/)
 *   BENCH_PB_ALL=1 npm run bench:pb     every instance instead of the largest three
 *
 * Reads the pabulib instances of ../shared/data/pabulib/ (or PABULIB_DIR) and their reference_outcomes.json, and
 * for the largest instances times greedy, mes and mes-add1 (the median of a few runs; reading the file is not
 * counted), prints pabutools' seconds from the reference, the ratio, and whether the outcome equals pabutools' (same
 * projects in the same order). Targets on Poland_Warszawa_2026.pb: greedy and mes at least 200× faster than
 * pabutools, the full mes-add1 scan under 5 s. Exits 1 if an outcome differs, warns if a target is missed, and
 * exits 0 with a message when the data folder is absent.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { countGreedy } from '../src/modules/pb/counting/greedy.js';
import { countMes, countMesAdd1 } from '../src/modules/pb/counting/mes.js';
import type { CountingInput, CountingResult } from '../src/modules/pb/counting/types.js';
import { readPb, toCountingInput } from '../src/modules/pb/format/index.js';
import { pabulibDir, pabulibFiles } from '../src/modules/pb/format/pabulib-dir.js';

interface Reference {
  increment: number;
  greedy: string[];
  mes: string[];
  mes_add1: string[];
  pabutools_seconds: Record<string, number>;
}

const TARGET_FILE = 'Poland_Warszawa_2026.pb';
const TARGET_RATIO = 200;
const TARGET_ADD1_SECONDS = 5;

const dir = pabulibDir();
if (!dir) {
  console.log('pabulib instances not found (../shared/data/pabulib or PABULIB_DIR): nothing to benchmark');
  process.exit(0);
}
const reference = JSON.parse(readFileSync(path.join(dir, 'reference_outcomes.json'), 'utf8')) as Record<string, Reference>;
const bySize = pabulibFiles()
  .filter((f) => reference[f])
  .sort((a, b) => statSync(path.join(dir, b)).size - statSync(path.join(dir, a)).size);
const files = process.env.BENCH_PB_ALL ? bySize : bySize.slice(0, 3);
const W = Math.max(8, ...files.map((f) => f.length - 3));

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function time(runs: number, f: () => CountingResult): { seconds: number; result: CountingResult } {
  let result = f(); // warm-up, also the outcome checked
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    result = f();
    t.push((performance.now() - t0) / 1000);
  }
  return { seconds: median(t), result };
}

const pad = (s: string, n: number) => s.padEnd(n);
const lpad = (s: string, n: number) => s.padStart(n);
const secs = (x: number) => (x >= 1 ? x.toFixed(2) : x >= 0.01 ? x.toFixed(3) : x.toFixed(4));

console.log(`pabulib counting benchmark (median of the runs; pabutools 1.2.3 seconds from reference_outcomes.json)\n`);
console.log(`${pad('instance', W)} ${pad('rule', 9)} ${lpad('voters', 7)} ${lpad('ours s', 8)} ${lpad('pabutools s', 12)} ${lpad('ratio', 8)}  same as pabutools`);
let differs = 0;
const misses: string[] = [];
for (const file of files) {
  const ref = reference[file]!;
  const t0 = performance.now();
  const input: CountingInput = toCountingInput(readPb(readFileSync(path.join(dir, file), 'utf8')));
  const readMs = performance.now() - t0;
  const rules: { name: string; key: string; runs: number; f: () => CountingResult; want: string[] }[] = [
    { name: 'greedy', key: 'greedy', runs: 7, f: () => countGreedy(input), want: ref.greedy },
    { name: 'mes', key: 'mes', runs: 7, f: () => countMes(input), want: ref.mes },
    { name: 'mes-add1', key: 'mes_add1', runs: 3, f: () => countMesAdd1(input, { increment: ref.increment }), want: ref.mes_add1 },
  ];
  for (const r of rules) {
    const { seconds, result } = time(r.runs, r.f);
    const theirs = ref.pabutools_seconds[r.key] ?? ref.pabutools_seconds[`${r.key}_estimated`];
    const ratio = theirs !== undefined ? theirs / seconds : NaN;
    const same = JSON.stringify(result.selected) === JSON.stringify(r.want);
    if (!same) differs++;
    let note = '';
    if (file === TARGET_FILE) {
      if (r.name === 'mes-add1') {
        note = `target < ${TARGET_ADD1_SECONDS} s: ${seconds < TARGET_ADD1_SECONDS ? 'met' : 'MISSED'}`;
        if (seconds >= TARGET_ADD1_SECONDS) misses.push(`${r.name} ${secs(seconds)} s`);
      } else {
        note = `target ≥ ${TARGET_RATIO}×: ${ratio >= TARGET_RATIO ? 'met' : 'MISSED'}`;
        if (!(ratio >= TARGET_RATIO)) misses.push(`${r.name} ${ratio.toFixed(0)}×`);
      }
      if (r.name === 'mes-add1' && typeof result.details?.steps === 'number') note += ` (${result.details.steps + 1} runs of MES)`;
    }
    console.log(
      `${pad(file.replace(/\.pb$/, ''), W)} ${pad(r.name, 9)} ${lpad(String(input.ballots.length), 7)} ${lpad(secs(seconds), 8)} ${lpad(theirs !== undefined ? secs(theirs) : '-', 12)} ${lpad(Number.isFinite(ratio) ? `${ratio.toFixed(0)}×` : '-', 8)}  ${same ? 'yes' : 'NO'}  ${note}`,
    );
  }
  console.log(`${pad('', W)} (reading the file: ${readMs.toFixed(0)} ms, not counted)`);
}
if (misses.length > 0) console.warn(`\nWARNING: targets missed on ${TARGET_FILE}: ${misses.join(', ')}`);
if (differs > 0) {
  console.error(`\n${differs} outcome(s) differ from pabutools`);
  process.exit(1);
}
console.log(`\nEvery outcome equals pabutools'.`);
