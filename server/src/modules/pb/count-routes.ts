import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { App } from '../../platform/http/app-types.js';
import type { Services } from '../../platform/services.js';
import { rolesIn } from '../../platform/http/policy.js';
import { runCommand } from '../../platform/http/command.js';
import { AppError, notFound } from '../../platform/errors.js';
import type { Tx } from '../../platform/db/client.js';
import { cycleSubject, loadCycle, ORGANISERS, partsIn, RESIDENTS, type CycleRow, requirePhase, IdParam } from './cycle-access.js';
import { getRule } from './counting/index.js';
import type { CountingInput, CountingResult } from './counting/types.js';
import { pbBallots, pbCycles, pbProjects } from './schema.js';
import { writePb } from './format/index.js';
import { cycleAsPb } from './export.js';
import { paperSheets } from './paper-ballots.js';
import { mixBallots } from './ballot-box.js';

const Id = IdParam;

/**
 * The ballot box of a cycle as the counting library reads it: the projects on the ballot (ids are their numbers,
 * costs in whole yuan) and every ballot. Counting is done in yuan: costs are whole yuan from review.
 */
export async function countingInput(tx: Tx, cycle: CycleRow): Promise<{ input: CountingInput; numbers: number[] }> {
  const projects = await tx
    .select({ number: pbProjects.number, cost: pbProjects.officialCostFen })
    .from(pbProjects)
    .where(and(eq(pbProjects.cycleId, cycle.id), inArray(pbProjects.status, ['on_ballot', 'selected', 'not_selected'])))
    .orderBy(asc(pbProjects.number));
  const index = new Map(projects.map((p, i) => [p.number, i]));
  const ballots = await tx.select({ choices: pbBallots.choices }).from(pbBallots).where(eq(pbBallots.cycleId, cycle.id));
  return {
    numbers: projects.map((p) => p.number),
    input: {
      budget: Number(cycle.budgetFen / 100n),
      projects: projects.map((p) => ({ id: String(p.number), cost: Number((p.cost ?? 0n) / 100n) })),
      ballots: ballots.map(({ choices }) => ({
        projects: choices.projects.map((n) => index.get(n)!).filter((i) => i !== undefined),
        ...(choices.points ? { points: choices.points } : {}),
      })),
    },
  };
}

export function pbCountRoutes(app: App, services: Services) {
  const { db } = services.database;

  app.post(
    '/api/pb/cycles/:id/count',
    {
      config: { policy: rolesIn(ORGANISERS, cycleSubject(db, ['organiser'])), action: 'pb.count' },
      schema: { tags: ['micro-projects'], summary: "Count the ballot box with the cycle's rule (after voting); the result carries an explanation per project", params: Id },
    },
    async (req) => {
      const result = await runCommand(services, req, 'pb.count', async ({ tx }) => {
        const [c] = await tx.select().from(pbCycles).where(eq(pbCycles.id, req.params.id)).for('update');
        if (!c) throw notFound('pb_cycle');
        requirePhase(req.ctx.auth!, 'count', c);
        // Voting is closed: ballots still in the inbox (paper sheets accepted since the close) go into the box now.
        await mixBallots(services, { cycleId: c.id, all: true }, tx);
        const open = (await paperSheets(tx, c.id)).filter((x) => x.status !== 'accepted');
        if (open.length) throw new AppError(409, 'pb_paper_pending', 'paper sheets wait for their second entry or a decision', undefined, { count: open.length });
        const { input } = await countingInput(tx, c);
        const rule = getRule(c.rule)!;
        const counted: CountingResult = rule(input, { increment: c.ruleIncrementFen === null ? 1 : Number(c.ruleIncrementFen / 100n) || 1 });
        const selected = new Set(counted.selected.map(Number));
        await tx
          .update(pbProjects)
          .set({ status: sql`case when ${pbProjects.number} in (${sql.join([...selected, -1].map((n) => sql`${n}`), sql`, `)}) then 'selected' else 'not_selected' end` })
          .where(and(eq(pbProjects.cycleId, c.id), inArray(pbProjects.status, ['on_ballot', 'selected', 'not_selected'])));
        const stored = { ...counted, ballots: input.ballots.length };
        await tx.update(pbCycles).set({ result: stored as unknown as Record<string, unknown>, countedAt: new Date(), publishedAt: null, version: c.version + 1, updatedAt: new Date() }).where(eq(pbCycles.id, c.id));
        return { value: stored, subjectType: 'pb_cycle', subjectId: c.id, cityId: c.cityId, regionPath: c.regionPath, detail: { rule: c.rule, selected: counted.selected, ballots: input.ballots.length } };
      });
      return { result };
    },
  );

  app.post(
    '/api/pb/cycles/:id/publish',
    {
      config: { policy: rolesIn(ORGANISERS, cycleSubject(db, ['organiser'])), action: 'pb.publish' },
      schema: { tags: ['micro-projects'], summary: 'Publish the counted result with its explanations (公示)', params: Id },
    },
    async (req) => {
      const cycle = await runCommand(services, req, 'pb.publish', async ({ tx }) => {
        const [c] = await tx.select().from(pbCycles).where(eq(pbCycles.id, req.params.id)).for('update');
        if (!c) throw notFound('pb_cycle');
        requirePhase(req.ctx.auth!, 'publish', c);
        if (!c.countedAt) throw new AppError(409, 'pb_not_counted', 'count first');
        const [u] = await tx.update(pbCycles).set({ publishedAt: new Date(), version: c.version + 1, updatedAt: new Date() }).where(eq(pbCycles.id, c.id)).returning();
        return { value: u!, subjectType: 'pb_cycle', subjectId: c.id, cityId: c.cityId, regionPath: c.regionPath };
      });
      return { publishedAt: cycle.publishedAt!.toISOString() };
    },
  );

  app.get(
    '/api/pb/cycles/:id/export.pb',
    {
      config: { policy: rolesIn([...ORGANISERS, 'org_dept', ...RESIDENTS], cycleSubject(db, ['organiser', 'overseer', 'resident'])) },
      schema: { tags: ['micro-projects'], summary: 'The published cycle as a pabulib .pb file with its anonymised ballots, to recount with any tool', params: Id },
    },
    async (req, reply) => {
      const c = (await loadCycle(db, req.params.id))!;
      if (!c.publishedAt) throw new AppError(409, 'pb_not_counted', 'not published yet');
      const text = writePb(await cycleAsPb(db, c));
      return reply
        .header('content-type', 'text/plain; charset=utf-8')
        .header('content-disposition', `attachment; filename="pb-${c.id}.pb"`)
        .send(text);
    },
  );

  app.get(
    '/api/pb/cycles/:id/result',
    {
      config: { policy: rolesIn([...ORGANISERS, 'org_dept', ...RESIDENTS], cycleSubject(db, ['organiser', 'overseer', 'resident'])) },
      schema: { tags: ['micro-projects'], summary: 'The result with its explanations: organisers once counted, everyone else once published', params: Id },
    },
    async (req) => {
      const c = (await loadCycle(db, req.params.id))!;
      const parts = partsIn(req.ctx.auth!, c);
      const visible = c.countedAt && (c.publishedAt || parts.has('organiser'));
      if (!visible) throw new AppError(409, 'pb_not_counted', 'not counted or not published yet');
      return { result: c.result, countedAt: c.countedAt!.toISOString(), publishedAt: c.publishedAt?.toISOString() ?? null };
    },
  );
}
