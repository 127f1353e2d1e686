/**
 * `tongxin pb …`: recount and normalise pabulib `.pb` files. Pure file work: no database, no configuration read.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { metaValue, PbFormatError, readPb, toCountingInput, writePb } from '../modules/pb/format/index.js';
import { getRule, PENDING_RULES, ruleNames, RuleOptionError } from '../modules/pb/counting/index.js';

type Values = Record<string, string | boolean | undefined>;

/** A usage error: the command exits with code 2. */
export class UsageError extends Error {}

const USAGE = 'usage: tongxin pb count <file.pb> --rule <rule> [--increment N] [--threshold N] [--explain] | pb normalize <in.pb> [out.pb]';

const str = (v: string | boolean | undefined) => (typeof v === 'string' ? v : undefined);

/** Relative paths are taken from the folder the command was started in (npm's INIT_CWD), else the working directory. */
const resolvePath = (p: string) => path.resolve(process.env.INIT_CWD || process.cwd(), p);

function load(file: string) {
  const full = resolvePath(file);
  let text: string;
  try {
    text = readFileSync(full, 'utf8');
  } catch (err) {
    throw new Error(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  try {
    const inst = readPb(text);
    return { inst, input: toCountingInput(inst) };
  } catch (err) {
    if (err instanceof PbFormatError) throw new Error(`${file}: ${err.message}`);
    throw err;
  }
}

function number(v: Values[string], flag: string): number | undefined {
  const s = str(v);
  if (s === undefined) return undefined;
  if (!/^\d+(\.\d+)?$/.test(s) || !(Number(s) > 0 || flag === '--threshold')) throw new UsageError(`${flag} must be a ${flag === '--threshold' ? 'non-negative' : 'positive'} number, got ${s}`);
  return Number(s);
}

function count(v: Values, pos: string[]) {
  const file = pos[1];
  const ruleName = str(v.rule);
  if (!file || !ruleName || pos.length > 2) throw new UsageError(USAGE);
  const rule = getRule(ruleName);
  if (!rule) {
    if (PENDING_RULES.includes(ruleName)) throw new UsageError(`rule ${ruleName} is not available yet (server/src/modules/pb/counting/mes.ts has not landed); available: ${ruleNames().join(', ')}`);
    throw new UsageError(`unknown rule ${ruleName}; available: ${ruleNames().join(', ')}`);
  }
  const increment = number(v.increment, '--increment');
  const threshold = number(v.threshold, '--threshold');
  const { inst, input } = load(file);
  const metaThreshold = metaValue(inst, 'min_project_score_threshold');
  const opts = {
    // The reference outcomes raise every voter's budget by 1 currency unit per step, 100 for forints.
    increment: increment ?? (metaValue(inst, 'currency') === 'HUF' ? 100 : 1),
    threshold: threshold ?? (metaThreshold !== undefined && /^\d+(\.\d+)?$/.test(metaThreshold) ? Number(metaThreshold) : undefined),
  };
  let result;
  try {
    result = rule(input, opts);
  } catch (err) {
    if (err instanceof RuleOptionError) throw new UsageError(err.message);
    throw err;
  }
  const { explanations, ...rest } = result;
  const out: Record<string, unknown> = {
    file: path.basename(file),
    ...rest,
    budget: input.budget,
    projects: input.projects.length,
    voters: input.ballots.length,
  };
  if (ruleName === 'mes-add1') out.increment = opts.increment;
  if (v.explain === true) out.explanations = explanations;
  console.log(JSON.stringify(out));
}

function normalize(pos: string[]) {
  const [, from, to] = pos;
  if (!from || pos.length > 3) throw new UsageError(USAGE);
  const text = writePb(load(from).inst);
  if (!to) {
    process.stdout.write(text);
    return;
  }
  writeFileSync(resolvePath(to), text);
  console.log(`wrote ${to} (${Buffer.byteLength(text)} bytes)`);
}

export function pb(v: Values, pos: string[]) {
  try {
    if (pos[0] === 'count') return count(v, pos);
    if (pos[0] === 'normalize') return normalize(pos);
    throw new UsageError(USAGE);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    console.error(err.message);
    process.exitCode = 2;
  }
}
