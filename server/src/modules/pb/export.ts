import { and, asc, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client.js';
import type { PbInstance } from './format/index.js';
import type { CycleRow } from './cycle-access.js';
import { pbBallots, pbProjects } from './schema.js';

/**
 * A counted cycle as a pabulib `.pb` instance, so that anyone can recount it with any tool: META (the budget and
 * costs in whole yuan, the vote type, the rule), PROJECTS (number, cost, supporters, title, selected) and VOTES —
 * the anonymised ballot box: each ballot numbered 1…n in the box's own (shuffled) order, with nothing else.
 */
export async function cycleAsPb(db: DbOrTx, cycle: CycleRow): Promise<PbInstance> {
  const projects = await db
    .select({ number: pbProjects.number, cost: pbProjects.officialCostFen, title: pbProjects.title, status: pbProjects.status })
    .from(pbProjects)
    .where(and(eq(pbProjects.cycleId, cycle.id), inArray(pbProjects.status, ['on_ballot', 'selected', 'not_selected', 'approved', 'in_progress', 'done', 'evaluated'])))
    .orderBy(asc(pbProjects.number));
  const ballots = await db.select({ choices: pbBallots.choices }).from(pbBallots).where(eq(pbBallots.cycleId, cycle.id));
  const supporters = new Map<number, number>();
  for (const { choices } of ballots) for (const n of choices.projects) supporters.set(n, (supporters.get(n) ?? 0) + 1);
  const clean = (s: string) => s.replace(/[\r\n]+/g, ' ');
  const meta: Array<[string, string]> = [
    ['description', clean(cycle.title)],
    ['country', 'China'],
    ['unit', cycle.regionPath],
    ['instance', cycle.id],
    ['num_projects', String(projects.length)],
    ['num_votes', String(ballots.length)],
    ['budget', String(cycle.budgetFen / 100n)],
    ['vote_type', cycle.voteType],
    ['rule', cycle.rule],
    ['currency', 'CNY'],
    ...(cycle.voteType === 'cumulative' && cycle.pointsPerVoter ? ([['max_sum_points', String(cycle.pointsPerVoter)]] as Array<[string, string]>) : []),
  ];
  const cumulative = cycle.voteType === 'cumulative';
  return {
    lineEnding: '\n',
    meta: { header: ['key', 'value'], rows: meta.map(([k, v]) => [k, v]) },
    projects: {
      header: ['project_id', 'cost', 'votes', 'name', 'selected'],
      rows: projects.map((p) => [String(p.number), String((p.cost ?? 0n) / 100n), String(supporters.get(p.number) ?? 0), clean(p.title), p.status === 'on_ballot' || p.status === 'not_selected' ? '0' : '1']),
    },
    votes: {
      header: cumulative ? ['voter_id', 'vote', 'points'] : ['voter_id', 'vote'],
      rows: ballots.map(({ choices }, i) => [String(i + 1), choices.projects.join(','), ...(cumulative ? [(choices.points ?? []).join(',')] : [])]),
    },
  };
}
