import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { bearer, login, startTestApp, TEST_ENGINE, type TestContext } from './helpers/harness.js';
import { places, type Places } from './helpers/fixtures.js';
import { castBallot, codeHash, mixBallots, type BallotChoices } from '../src/modules/pb/ballot-box.js';
import { pbCycles, pbProjects, pbVoterRoll, pbVotingCodes } from '../src/modules/pb/schema.js';
import { AppError } from '../src/platform/errors.js';

/**
 * The ballot box of micro-project voting (docs/modules/pb-voting.md, "Secret ballots"): one ballot per voter,
 * enforced by the database; ballots that nobody can link to a voter. Driven through the service (the voting
 * routes come with the rest of the module).
 */
let t: TestContext;
let p: Places;

beforeAll(async () => {
  t = await startTestApp();
  p = await places(t);
});
afterAll(async () => t?.close());

const rows = <T>(q: ReturnType<typeof sql>) => t.services.database.rows<T>(q);

/** A request as the route would give it: the voter's session, a request id, an address. */
function requestOf(userId: string): FastifyRequest {
  return {
    ctx: { requestId: randomUUID(), ip: '127.0.0.1', lang: 'zh-CN', audited: false, auth: { userId, username: 'voter', displayName: 'voter', cityId: t.seed.cityId, sessionId: 's', grants: [], roles: new Set(['resident']), mustChangePassword: false, totpEnabled: false } },
  } as unknown as FastifyRequest;
}

/** A cycle in its voting phase with five projects on the ballot (costs 300, 200, 200, 100, 50 yuan) and a budget of 500 yuan. */
async function votingCycle(opts: { voters?: number; mixBatch?: number; voteType?: 'approval' | 'cumulative'; voterBasis?: 'register' | 'code' | 'both' } = {}) {
  const { db } = t.services.database;
  const [cycle] = await db
    .insert(pbCycles)
    .values({
      cityId: t.seed.cityId,
      regionId: p.in.community.id,
      regionPath: p.in.community.path,
      title: '2026年微实事',
      budgetFen: 50_000n,
      voteType: opts.voteType ?? 'approval',
      pointsPerVoter: opts.voteType === 'cumulative' ? 5 : null,
      voterBasis: opts.voterBasis ?? 'register',
      phase: 'voting',
      mixBatch: opts.mixBatch ?? 20,
    })
    .returning();
  const costs = [30_000n, 20_000n, 20_000n, 10_000n, 5_000n];
  await db.insert(pbProjects).values(
    costs.map((c, i) => ({ cycleId: cycle!.id, number: i + 1, title: `项目${i + 1}`, description: '说明', proposerKind: 'resident' as const, estimatedCostFen: c, officialCostFen: c, status: 'on_ballot' as const })),
  );
  const voters = Array.from({ length: opts.voters ?? 5 }, () => randomUUID());
  if (voters.length) await db.insert(pbVoterRoll).values(voters.map((userId) => ({ cycleId: cycle!.id, userId })));
  return { cycle: cycle!, voters };
}

const vote = (cycleId: string, userId: string, choices: BallotChoices) => castBallot(t.services, requestOf(userId), cycleId, { userId }, choices);
const codeOf = async (fn: () => Promise<unknown>) => {
  try {
    await fn();
    return 'ok';
  } catch (err) {
    if (err instanceof AppError) return `${err.status} ${err.code}${err.field ? ` ${err.field}` : ''}`;
    throw err;
  }
};

describe('casting a ballot', () => {
  it('takes one ballot per voter; a second is refused and writes nothing', async () => {
    const { cycle, voters } = await votingCycle();
    expect(await codeOf(() => vote(cycle.id, voters[0]!, { projects: [1, 2] }))).toBe('ok');
    expect(await codeOf(() => vote(cycle.id, voters[0]!, { projects: [3] }))).toBe('409 pb_already_voted');
    const [n] = await rows<{ p: number; i: number }>(sql`select (select count(*)::int from pb_participation where cycle_id = ${cycle.id}) as p, (select count(*)::int from pb_ballot_inbox where cycle_id = ${cycle.id}) as i`);
    expect(n).toEqual({ p: 1, i: 1 });
  });

  it('checks the ballot against the cycle, naming the field', async () => {
    const { cycle, voters } = await votingCycle();
    expect(await codeOf(() => vote(cycle.id, voters[0]!, { projects: [1, 2, 3] }))).toBe('400 pb_over_budget projects'); // 700 > 500 yuan
    expect(await codeOf(() => vote(cycle.id, voters[0]!, { projects: [9] }))).toBe('400 pb_project_not_on_ballot projects');
    expect(await codeOf(() => vote(cycle.id, voters[0]!, { projects: [1, 1] }))).toBe('400 validation projects');
    expect(await codeOf(() => vote(cycle.id, randomUUID(), { projects: [1] }))).toBe('403 pb_not_a_voter');
    await t.services.database.db.execute(sql`update pb_cycles set phase = 'publicity' where id = ${cycle.id}`);
    expect(await codeOf(() => vote(cycle.id, voters[1]!, { projects: [1] }))).toBe('409 pb_not_voting');
    // Refusals left nothing behind.
    const [n] = await rows<{ n: number }>(sql`select count(*)::int as n from pb_participation where cycle_id = ${cycle.id}`);
    expect(n!.n).toBe(0);
  });

  it('cumulative ballots spread at most the points each voter has', async () => {
    const { cycle, voters } = await votingCycle({ voteType: 'cumulative' });
    expect(await codeOf(() => vote(cycle.id, voters[0]!, { projects: [1, 2], points: [4, 2] }))).toBe('400 pb_too_many_points points');
    expect(await codeOf(() => vote(cycle.id, voters[0]!, { projects: [2, 1], points: [2, 3] }))).toBe('ok');
  });

  it('takes a paper voting code once, and only a known one', async () => {
    const { cycle } = await votingCycle({ voters: 0, voterBasis: 'code' });
    await t.services.database.db.insert(pbVotingCodes).values({ cycleId: cycle.id, codeHash: codeHash(t.services, cycle.id, 'K7Q2-M9XD') });
    const byCode = (code: string) => castBallot(t.services, requestOf(randomUUID()), cycle.id, { code }, { projects: [4] });
    expect(await codeOf(() => byCode('WRONG-CODE'))).toBe('400 pb_code_unknown code');
    expect(await codeOf(() => byCode('k7q2-m9xd '))).toBe('ok');
    expect(await codeOf(() => byCode('K7Q2-M9XD'))).toBe('409 pb_already_voted');
  });
});

describe('the ballot box keeps ballots secret', () => {
  it('moves ballots out of the inbox only in batches of at least k while voting, and all of them after', async () => {
    const { cycle, voters } = await votingCycle({ voters: 25, mixBatch: 20 });
    for (const v of voters.slice(0, 19)) await vote(cycle.id, v, { projects: [4] });
    expect(await mixBallots(t.services, { cycleId: cycle.id })).toBe(0);
    await vote(cycle.id, voters[19]!, { projects: [5] });
    expect(await mixBallots(t.services, { cycleId: cycle.id })).toBe(20);
    for (const v of voters.slice(20)) await vote(cycle.id, v, { projects: [1] });
    expect(await mixBallots(t.services, { cycleId: cycle.id })).toBe(0);
    await t.services.database.db.execute(sql`update pb_cycles set phase = 'publicity' where id = ${cycle.id}`);
    expect(await mixBallots(t.services, { cycleId: cycle.id })).toBe(5);
    const [n] = await rows<{ b: number; i: number }>(sql`select (select count(*)::int from pb_ballots where cycle_id = ${cycle.id}) as b, (select count(*)::int from pb_ballot_inbox where cycle_id = ${cycle.id}) as i`);
    expect(n).toEqual({ b: 25, i: 0 });
  });

  it('leaves no link between a voter and a ballot: no column, no id, no transaction, no order, no audit detail', async () => {
    const { cycle, voters } = await votingCycle({ voters: 40, mixBatch: 40 });
    // Forty different ballots (every subset of projects that fits the budget, then repeats), in a known order.
    const subsets = [[1], [2], [3], [4], [5], [1, 2], [1, 3], [1, 4], [1, 5], [2, 3], [2, 4], [2, 5], [3, 4], [3, 5], [4, 5], [1, 4, 5], [2, 3, 4], [2, 3, 5], [2, 4, 5], [3, 4, 5]];
    const cast = voters.map((_, i) => subsets[i % subsets.length]!);
    for (let i = 0; i < voters.length; i++) await vote(cycle.id, voters[i]!, { projects: cast[i]! });
    const inboxIds = (await rows<{ id: string }>(sql`select id from pb_ballot_inbox where cycle_id = ${cycle.id}`)).map((r) => r.id);
    expect(await mixBallots(t.services, { cycleId: cycle.id })).toBe(40);

    // Only what was chosen: no voter, no time, no sequence.
    const columns = (await rows<{ column_name: string }>(sql`select column_name from information_schema.columns where table_name = 'pb_ballots' order by column_name`)).map((r) => r.column_name);
    expect(columns).toEqual(['choices', 'cycle_id', 'id']);
    const ballots = await rows<{ id: string; choices: { projects: number[] }; xmin: string }>(sql`select id, choices, xmin::text as xmin from pb_ballots where cycle_id = ${cycle.id} order by ctid`);
    // Random ids (UUID version 4, which carries no time), none reused from the inbox.
    for (const b of ballots) expect(b.id[14]).toBe('4');
    expect(ballots.some((b) => inboxIds.includes(b.id))).toBe(false);
    // Written by one transaction, which wrote no participation row.
    const participationXmins = new Set((await rows<{ xmin: string }>(sql`select xmin::text as xmin from pb_participation where cycle_id = ${cycle.id}`)).map((r) => r.xmin));
    expect(new Set(ballots.map((b) => b.xmin)).size).toBe(1);
    expect(ballots.some((b) => participationXmins.has(b.xmin))).toBe(false);
    // The same ballots, not in the order they were cast.
    const key = (xs: number[]) => xs.join(',');
    expect(ballots.map((b) => key(b.choices.projects)).sort()).toEqual(cast.map(key).sort());
    expect(ballots.map((b) => key(b.choices.projects))).not.toEqual(cast.map(key));
    // The audit trail says who voted in which cycle, never what they chose.
    const audits = await rows<{ detail: Record<string, unknown>; subject_id: string }>(sql`select detail, subject_id from audit_log where action = 'pb.vote' and subject_id = ${cycle.id}`);
    expect(audits).toHaveLength(40);
    for (const a of audits) expect(a.detail).toEqual({ channel: 'online' });
    // Nor does any other table hold the choices beside a voter: participation has no choices, the inbox is empty.
    const participationColumns = (await rows<{ column_name: string }>(sql`select column_name from information_schema.columns where table_name = 'pb_participation' order by column_name`)).map((r) => r.column_name);
    expect(participationColumns).toEqual(['channel', 'cycle_id', 'voter_key']);
    const [inbox] = await rows<{ n: number }>(sql`select count(*)::int as n from pb_ballot_inbox where cycle_id = ${cycle.id}`);
    expect(inbox!.n).toBe(0);
    // And participation keys are not user ids.
    const keys = (await rows<{ voter_key: string }>(sql`select voter_key from pb_participation where cycle_id = ${cycle.id}`)).map((r) => r.voter_key);
    expect(keys.some((k) => voters.some((v) => k.includes(v) || k.includes(v.replace(/-/g, ''))))).toBe(false);
  });
});

describe.runIf(TEST_ENGINE === 'postgres')('concurrent ballots on PostgreSQL', () => {
  it('100 concurrent ballots by one voter leave exactly one; 60 voters at once are all counted', async () => {
    const { cycle, voters } = await votingCycle({ voters: 60, mixBatch: 1000 });
    const same = await Promise.allSettled(Array.from({ length: 100 }, (_, i) => vote(cycle.id, voters[0]!, { projects: [1 + (i % 5)] })));
    expect(same.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of same) if (r.status === 'rejected') expect((r.reason as AppError).code).toBe('pb_already_voted');
    const [one] = await rows<{ p: number; i: number }>(sql`select (select count(*)::int from pb_participation where cycle_id = ${cycle.id}) as p, (select count(*)::int from pb_ballot_inbox where cycle_id = ${cycle.id}) as i`);
    expect(one).toEqual({ p: 1, i: 1 });

    const many = await Promise.allSettled(voters.slice(1).map((v) => vote(cycle.id, v, { projects: [4, 5] })));
    expect(many.filter((r) => r.status === 'fulfilled')).toHaveLength(59);
    await t.services.database.db.execute(sql`update pb_cycles set phase = 'publicity' where id = ${cycle.id}`);
    expect(await mixBallots(t.services, { cycleId: cycle.id })).toBe(60);
    const [all] = await rows<{ b: number; p: number }>(sql`select (select count(*)::int from pb_ballots where cycle_id = ${cycle.id}) as b, (select count(*)::int from pb_participation where cycle_id = ${cycle.id}) as p`);
    expect(all).toEqual({ b: 60, p: 60 });
  });
});

describe('through the API', () => {
  it('a community secretary opens a cycle and moves it to voting; a resident on the roll votes once; closing voting mixes the inbox', async () => {
    const secretary = await login(t.app, 'community');
    const resident = await login(t.app, 'resident');
    const post = (url: string, token: string, payload: object) => t.app.inject({ method: 'POST', url, headers: bearer(token), payload });
    const bad = await post('/api/pb/cycles', secretary, { regionId: p.in.community.id, title: '2026年微实事', budgetYuan: 500000, voteType: 'cumulative' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('pointsPerVoter');
    const created = await post('/api/pb/cycles', secretary, { regionId: p.in.community.id, title: '2026年微实事', budgetYuan: 500000 });
    expect(created.statusCode).toBe(201);
    const cycle = created.json().cycle;
    expect(cycle).toMatchObject({ phase: 'draft', budgetYuan: 500000, rule: 'mes-add1', voteType: 'approval' });
    // Ballot: two projects (review is not built yet: put on the ballot directly), the resident on the roll.
    const { db } = t.services.database;
    await db.insert(pbProjects).values([1, 2].map((n) => ({ cycleId: cycle.id, number: n, title: `项目${n}`, description: '说明', proposerKind: 'resident' as const, estimatedCostFen: 20_000_000n, officialCostFen: 20_000_000n, status: 'on_ballot' as const })));
    const [me] = await rows<{ id: string }>(sql`select id from users where username = 'resident'`);
    await db.insert(pbVoterRoll).values({ cycleId: cycle.id, userId: me!.id });

    expect((await post(`/api/pb/cycles/${cycle.id}/ballots`, resident, { projects: [1] })).json().error.code).toBe('pb_not_voting');
    for (const from of ['draft', 'proposals', 'review', 'deliberation']) {
      const r = await post(`/api/pb/cycles/${cycle.id}/advance`, secretary, { from });
      expect(r.statusCode, from).toBe(200);
    }
    // A second click on the same step moves nothing.
    expect((await post(`/api/pb/cycles/${cycle.id}/advance`, secretary, { from: 'deliberation' })).json().error.code).toBe('pb_phase_changed');
    const seen = (await t.app.inject({ method: 'GET', url: `/api/pb/cycles/${cycle.id}`, headers: bearer(resident) })).json();
    expect(seen.cycle.phase).toBe('voting');
    expect(seen.parts).toEqual(['resident']);
    expect(seen.projects.map((x: { number: number }) => x.number)).toEqual([1, 2]);

    const logFrom = t.logs.length;
    expect((await post(`/api/pb/cycles/${cycle.id}/ballots`, resident, { projects: [1, 2] })).statusCode).toBe(204);
    // The server's log of the vote (at trace level here) names the route, never the choices or the voter.
    const logged = t.logs.slice(logFrom).join('');
    expect(logged).toContain('/api/pb/cycles/:id/ballots');
    expect(logged).not.toMatch(/"projects"|"choices"|sealed/);
    expect(logged).not.toContain(me!.id);
    expect((await post(`/api/pb/cycles/${cycle.id}/ballots`, resident, { projects: [2] })).json().error.code).toBe('pb_already_voted');
    expect((await post(`/api/pb/cycles/${cycle.id}/advance`, secretary, { from: 'voting' })).json().cycle.phase).toBe('publicity');
    const [n] = await rows<{ b: number; i: number }>(sql`select (select count(*)::int from pb_ballots where cycle_id = ${cycle.id}) as b, (select count(*)::int from pb_ballot_inbox where cycle_id = ${cycle.id}) as i`);
    expect(n).toEqual({ b: 1, i: 0 });
  });
});

describe('paper ballots from the box', () => {
  it('are entered twice by two officials; a match becomes a ballot, a mismatch waits for a third entry; counting waits for them', async () => {
    const { cycle } = await votingCycle({ voters: 0, mixBatch: 1 });
    const community = await login(t.app, 'community');
    const street = await login(t.app, 'street');
    const enter = async (token: string, sheet: string, projects: number[]) => {
      const r = await t.app.inject({ method: 'POST', url: `/api/pb/cycles/${cycle.id}/paper`, headers: bearer(token), payload: { sheet, projects } });
      return r.statusCode === 200 ? r.json().status : r.json().error.code;
    };
    expect(await enter(community, 'A-001', [3])).toBe('first_entered');
    expect(await enter(community, 'A-001', [3])).toBe('pb_second_official_needed');
    expect(await enter(street, 'A-001', [3])).toBe('accepted');
    expect(await enter(street, 'A-001', [3])).toBe('pb_sheet_done');
    expect(await enter(community, 'A-002', [1])).toBe('first_entered');
    expect(await enter(street, 'A-002', [2])).toBe('mismatch');
    expect(await enter(community, 'A-003', [1, 2, 3])).toBe('pb_over_budget');
    const sheets = (await t.app.inject({ method: 'GET', url: `/api/pb/cycles/${cycle.id}/paper`, headers: bearer(community) })).json().items;
    expect(sheets).toEqual([
      { sheet: 'A-001', entries: 2, status: 'accepted' },
      { sheet: 'A-002', entries: 2, status: 'mismatch' },
    ]);
    // Voting closes; the count waits for the mismatch to be decided.
    await t.services.database.db.execute(sql`update pb_cycles set phase = 'publicity' where id = ${cycle.id}`);
    expect(await mixBallots(t.services, { cycleId: cycle.id })).toBe(1);
    const early = await t.app.inject({ method: 'POST', url: `/api/pb/cycles/${cycle.id}/count`, headers: bearer(community) });
    expect(early.json().error.code).toBe('pb_paper_pending');
    expect(await enter(community, 'A-002', [2])).toBe('accepted'); // the third look decides
    await mixBallots(t.services, { cycleId: cycle.id });
    const counted = await t.app.inject({ method: 'POST', url: `/api/pb/cycles/${cycle.id}/count`, headers: bearer(community) });
    expect(counted.statusCode).toBe(200);
    expect(counted.json().result.ballots).toBe(2);
    // The entries are audited without what the sheets say.
    const audits = await rows<{ detail: Record<string, unknown> }>(sql`select detail from audit_log where action = 'pb.paper_enter' and subject_id = ${cycle.id} and result = 'ok'`);
    expect(audits.length).toBe(5); // the five accepted entries (the refused ones are audited as refusals)
    for (const a of audits) expect(Object.keys(a.detail).sort()).toEqual(['entry', 'sheet', 'status']);
  });
});

describe('voting codes', () => {
  it('are issued once to print, and each casts one ballot without an account', async () => {
    const community = await login(t.app, 'community');
    const { cycle } = await votingCycle({ voters: 0, voterBasis: 'both' });
    await t.services.database.db.execute(sql`update pb_cycles set phase = 'draft' where id = ${cycle.id}`);
    const issued = await t.app.inject({ method: 'POST', url: `/api/pb/cycles/${cycle.id}/codes`, headers: bearer(community), payload: { count: 3 } });
    expect(issued.statusCode).toBe(201);
    const codes = issued.json().codes as string[];
    expect(codes).toHaveLength(3);
    for (const c of codes) expect(c).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    // Only their HMACs are kept.
    const stored = (await rows<{ code_hash: string }>(sql`select code_hash from pb_voting_codes where cycle_id = ${cycle.id}`)).map((r) => r.code_hash);
    expect(stored).toHaveLength(3);
    for (const c of codes) expect(stored.some((h) => h.includes(c) || h.includes(c.replace(/-/g, '')))).toBe(false);
    await t.services.database.db.execute(sql`update pb_cycles set phase = 'voting' where id = ${cycle.id}`);
    const cast = (code: string) => t.app.inject({ method: 'POST', url: `/api/pb/cycles/${cycle.id}/code-ballots`, payload: { code, projects: [4, 5] } });
    expect((await cast(codes[0]!)).statusCode).toBe(204);
    expect((await cast(codes[0]!)).json().error.code).toBe('pb_already_voted');
    expect((await cast('0000-0000-0000')).json().error).toMatchObject({ code: 'pb_code_unknown', field: 'code' });
    expect((await cast(codes[1]!.toLowerCase())).statusCode).toBe(204);
  });
});
