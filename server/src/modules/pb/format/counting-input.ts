import type { CountingBallot, CountingInput, CountingProject } from '../counting/types.js';
import { columnIndex, metaValue, PbFormatError, type PbInstance } from './pb.js';

export type PbVoteType = 'approval' | 'cumulative' | 'ordinal' | 'scoring';
const VOTE_TYPES: readonly string[] = ['approval', 'cumulative', 'ordinal', 'scoring'];

const NUMBER_RE = /^\d+(\.\d+)?$/;

/** A non-negative decimal number written with digits and at most one `.` (no sign, no exponent, no grouping). */
function amount(raw: string, what: string, line: number | undefined): number {
  const s = raw.trim();
  if (!NUMBER_RE.test(s)) throw new PbFormatError(`${what} ${JSON.stringify(raw)} is not a non-negative number`, line);
  return Number(s);
}

/** META `vote_type` (default `approval`, as pabulib assumes when it is absent). */
export function voteType(inst: PbInstance): PbVoteType {
  const v = metaValue(inst, 'vote_type') ?? 'approval';
  if (!VOTE_TYPES.includes(v)) {
    const i = inst.meta.rows.findIndex((r) => r[0]!.trim() === 'vote_type');
    throw new PbFormatError(`vote_type ${JSON.stringify(v)} is not approval, cumulative, ordinal or scoring`, inst.meta.lines?.[i]);
  }
  return v as PbVoteType;
}

/**
 * What the counting rules read, from an instance:
 *  - `budget`: META `budget`;
 *  - `projects`: PROJECTS in file order, `project_id` (trimmed) and `cost`;
 *  - `ballots`: one per VOTES row, empty ones included; `vote` is a `,`-separated list of project ids (an empty field
 *    is an empty ballot), in the file's order. Cumulative and scoring ballots also read `points`, the same length;
 *    ordinal ballots keep the ranking order and are counted as approval of the ranked projects.
 * Throws `PbFormatError` naming the line for a missing budget, a bad number, an unknown or repeated project in a vote,
 * or points that do not match the vote.
 */
export function toCountingInput(inst: PbInstance): CountingInput {
  const type = voteType(inst);
  const budgetRaw = metaValue(inst, 'budget');
  const budgetLine = inst.meta.lines?.[inst.meta.rows.findIndex((r) => r[0]!.trim() === 'budget')];
  if (budgetRaw === undefined) throw new PbFormatError('META has no budget', inst.meta.headerLine);
  const budget = amount(budgetRaw, 'budget', budgetLine);

  const idCol = columnIndex(inst.projects, 'project_id');
  const costCol = columnIndex(inst.projects, 'cost');
  const index = new Map<string, number>();
  const projects: CountingProject[] = inst.projects.rows.map((row, i) => {
    const id = row[idCol]!.trim();
    index.set(id, i);
    return { id, cost: amount(row[costCol]!, `the cost of project ${id}`, inst.projects.lines?.[i]) };
  });

  const voteCol = columnIndex(inst.votes, 'vote');
  const withPoints = type === 'cumulative' || type === 'scoring';
  const pointsCol = columnIndex(inst.votes, 'points');
  if (withPoints && pointsCol < 0) throw new PbFormatError(`VOTES has no column points (vote_type is ${type})`, inst.votes.headerLine);
  const ballots: CountingBallot[] = new Array<CountingBallot>(inst.votes.rows.length);
  const seen = new Int32Array(projects.length).fill(-1);
  inst.votes.rows.forEach((row, b) => {
    const line = inst.votes.lines?.[b];
    const raw = row[voteCol]!;
    const ids = raw.trim() === '' ? [] : raw.split(',');
    const chosen: number[] = new Array<number>(ids.length);
    for (let k = 0; k < ids.length; k++) {
      const id = ids[k]!.trim();
      const p = index.get(id);
      if (p === undefined) throw new PbFormatError(`the vote names project ${JSON.stringify(id)}, which is not in PROJECTS`, line);
      if (seen[p] === b) throw new PbFormatError(`the vote names project ${id} twice`, line);
      seen[p] = b;
      chosen[k] = p;
    }
    if (!withPoints) {
      ballots[b] = { projects: chosen };
      return;
    }
    const rawPoints = row[pointsCol]!;
    const pts = rawPoints.trim() === '' ? [] : rawPoints.split(',');
    if (pts.length !== chosen.length) throw new PbFormatError(`the vote names ${chosen.length} projects but gives ${pts.length} points`, line);
    ballots[b] = { projects: chosen, points: pts.map((x) => amount(x, 'points', line)) };
  });
  return { budget, projects, ballots };
}
