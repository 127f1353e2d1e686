import { randomInt, randomUUID } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { AppError, badRequest, forbidden, notFound } from '../../platform/errors.js';
import { runCommand } from '../../platform/http/command.js';
import type { Services } from '../../platform/services.js';
import type { DbOrTx, Tx } from '../../platform/db/client.js';
import { pbBallotInbox, pbBallots, pbCycles, pbParticipation, pbProjects, pbVoterRoll, pbVotingCodes } from './schema.js';

/**
 * Casting and mixing ballots (docs/modules/pb-voting.md, "Secret ballots"). A vote writes, in one transaction,
 * THAT the voter voted (`pb_participation`, unique per voter and cycle: a second ballot finds the row and is
 * refused) and WHAT was chosen, encrypted, into the inbox. The mixing job later moves inbox ballots into the
 * ballot box in shuffled batches, with random ids and nothing that points to a voter or a moment.
 */
export interface BallotChoices {
  /** Project numbers of the cycle. */
  projects: number[];
  /** Cumulative ballots: points per project (same length). */
  points?: number[];
}

export type Voter = { userId: string } | { code: string };

/** The encryption context of a cycle's inbox ballots. */
export const CONTEXT = (cycleId: string) => `pb.ballot:${cycleId}`;

/** The voter's key for a cycle: an HMAC, so the table of participation holds no user id or code. */
export function voterKey(services: Services, cycleId: string, voter: Voter): string {
  const who = 'userId' in voter ? `user:${voter.userId}` : `code:${voter.code.trim().toUpperCase()}`;
  return services.crypto.blindIndex(`${cycleId}:${who}`, 'pb_voter');
}

/** The HMAC stored for a paper voting code. */
export const codeHash = (services: Services, cycleId: string, code: string) => services.crypto.blindIndex(`${cycleId}:${code.trim().toUpperCase()}`, 'pb_code');

/** Checks a ballot against the cycle: known, votable projects; within the budget (approval) or the points (cumulative). */
export async function checkChoices(db: DbOrTx, cycle: typeof pbCycles.$inferSelect, choices: BallotChoices): Promise<BallotChoices> {
  const numbers = choices.projects;
  if (new Set(numbers).size !== numbers.length) throw badRequest('validation', 'projects', { detail: 'a project appears twice' });
  const projects = numbers.length
    ? await db
        .select({ number: pbProjects.number, cost: pbProjects.officialCostFen, status: pbProjects.status })
        .from(pbProjects)
        .where(and(eq(pbProjects.cycleId, cycle.id), inArray(pbProjects.number, numbers)))
    : [];
  const votable = projects.filter((p) => p.status === 'on_ballot');
  if (votable.length !== numbers.length) throw badRequest('pb_project_not_on_ballot', 'projects');
  if (cycle.voteType === 'approval') {
    if (choices.points) throw badRequest('validation', 'points', { detail: 'approval ballots carry no points' });
    const total = votable.reduce((a, p) => a + (p.cost ?? 0n), 0n);
    if (total > cycle.budgetFen) throw badRequest('pb_over_budget', 'projects');
    return { projects: [...numbers].sort((a, b) => a - b) };
  }
  const points = choices.points ?? [];
  if (points.length !== numbers.length || points.some((x) => !Number.isSafeInteger(x) || x < 1)) throw badRequest('validation', 'points');
  if (points.reduce((a, b) => a + b, 0) > (cycle.pointsPerVoter ?? 0)) throw badRequest('pb_too_many_points', 'points');
  const order = numbers.map((n, i) => [n, points[i]!] as const).sort((a, b) => a[0] - b[0]);
  return { projects: order.map((x) => x[0]), points: order.map((x) => x[1]) };
}

/**
 * Casts one ballot: online by a resident on the cycle's roll, or with a paper voting code. Refused outside the
 * voting phase (409 `pb_not_voting`), to non-voters (403), a second time (409 `pb_already_voted`). The audit entry
 * names the cycle and the channel, never the choices.
 */
export async function castBallot(services: Services, req: FastifyRequest, cycleId: string, voter: Voter, input: BallotChoices) {
  const { db } = services.database;
  const [cycle] = await db.select().from(pbCycles).where(eq(pbCycles.id, cycleId)).limit(1);
  if (!cycle) throw notFound('pb_cycle');
  if (cycle.phase !== 'voting') throw new AppError(409, 'pb_not_voting', 'the cycle is not in its voting phase');
  if ('userId' in voter) {
    if (cycle.voterBasis === 'code') throw forbidden('pb_not_a_voter');
    const [onRoll] = await db.select({ u: pbVoterRoll.userId }).from(pbVoterRoll).where(and(eq(pbVoterRoll.cycleId, cycleId), eq(pbVoterRoll.userId, voter.userId))).limit(1);
    if (!onRoll) throw forbidden('pb_not_a_voter');
  } else {
    if (cycle.voterBasis === 'register') throw forbidden('pb_not_a_voter');
    const [known] = await db.select({ id: pbVotingCodes.id }).from(pbVotingCodes).where(and(eq(pbVotingCodes.cycleId, cycleId), eq(pbVotingCodes.codeHash, codeHash(services, cycleId, voter.code)))).limit(1);
    if (!known) throw badRequest('pb_code_unknown', 'code');
  }
  const choices = await checkChoices(db, cycle, input);
  const key = voterKey(services, cycleId, voter);
  await runCommand(services, req, 'pb.vote', async ({ tx }) => {
    const counted = await tx.insert(pbParticipation).values({ cycleId, voterKey: key, channel: 'online' }).onConflictDoNothing().returning({ k: pbParticipation.voterKey });
    if (counted.length === 0) throw new AppError(409, 'pb_already_voted', 'this voter has voted in this cycle');
    await tx.insert(pbBallotInbox).values({ id: randomUUID(), cycleId, sealed: services.crypto.encrypt(JSON.stringify(choices), CONTEXT(cycleId)) });
    return { value: null, subjectType: 'pb_cycle', subjectId: cycleId, cityId: cycle.cityId, regionPath: cycle.regionPath, detail: { channel: 'online' } };
  });
}

/** Fisher–Yates with a cryptographic random source. */
function shuffle<T>(xs: T[]): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
  return xs;
}

/**
 * Moves inbox ballots into the ballot box: for every cycle with at least its `mix_batch` ballots waiting — or
 * with any waiting once voting is over, or when `all` — in one transaction per cycle: decrypt, shuffle, insert with
 * fresh random ids, delete from the inbox. Safe with several processes (rows are claimed with SKIP LOCKED).
 * Returns the number of ballots moved.
 */
export async function mixBallots(services: Services, opts: { cycleId?: string; all?: boolean } = {}, within?: Tx): Promise<number> {
  const db = within ?? services.database.db;
  // In a job's transaction, each cycle's move is part of it; otherwise each cycle gets its own transaction.
  const atomically = <T>(fn: (tx: Tx) => Promise<T>) => (within ? fn(within) : services.database.db.transaction(fn));
  const waiting = (await db.execute(sql`
    select i.cycle_id, count(*)::int as n, min(c.mix_batch)::int as k, min(c.phase) as phase
    from ${pbBallotInbox} i join ${pbCycles} c on c.id = i.cycle_id
    ${opts.cycleId ? sql`where i.cycle_id = ${opts.cycleId}` : sql``}
    group by i.cycle_id`)) as unknown as { rows: Array<{ cycle_id: string; n: number; k: number; phase: string }> };
  let moved = 0;
  for (const w of waiting.rows) {
    if (!opts.all && w.phase === 'voting' && w.n < w.k) continue;
    moved += await atomically(async (tx) => {
      const rows = (await tx.execute(
        sql`select id, sealed from ${pbBallotInbox} where cycle_id = ${w.cycle_id} for update skip locked`,
      )) as unknown as { rows: Array<{ id: string; sealed: string }> };
      if (!rows.rows.length || (!opts.all && w.phase === 'voting' && rows.rows.length < w.k)) return 0;
      const ballots = shuffle(rows.rows.map((r) => JSON.parse(services.crypto.decrypt(r.sealed, CONTEXT(w.cycle_id))) as BallotChoices));
      await tx.insert(pbBallots).values(ballots.map((choices) => ({ id: randomUUID(), cycleId: w.cycle_id, choices })));
      await tx.delete(pbBallotInbox).where(inArray(pbBallotInbox.id, rows.rows.map((r) => r.id)));
      return ballots.length;
    });
  }
  return moved;
}
