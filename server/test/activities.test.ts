import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestApp, type TestContext } from './helpers/harness.js';
import { makeUser, places, type Places } from './helpers/fixtures.js';
import { addSignup, makeActivity, sessionOf, userIdOf } from './helpers/activities.js';
import { activityClock, resetActivityClock } from '../src/modules/activities/clock.js';
import { makeToken, WINDOW_MS, windowAt } from '../src/modules/activities/qr-token.js';
import { balanceOf } from '../src/modules/points/ledger.js';
import { serviceCounts } from '../src/modules/members/service-record.js';

let t: TestContext;
let p: Places;
let now = 0;

beforeAll(async () => {
  t = await startTestApp();
  p = await places(t);
}, 180_000);
afterAll(async () => t?.close());
afterEach(() => resetActivityClock());

/** Fakes the module's clock at `ms`. */
function setClock(ms: number) {
  now = ms;
  activityClock.now = () => now;
}

async function call(method: 'GET' | 'POST' | 'DELETE', url: string, who: string, payload?: unknown) {
  return t.app.inject({ method, url, headers: await sessionOf(t, who), payload: payload as object | undefined });
}
const rows = <T>(q: ReturnType<typeof sql>) => t.services.database.rows<T>(q);

describe('activities: creating and publishing', () => {
  it('a community secretary creates a draft, residents do not see it, then publishes it', async () => {
    const start = Date.now() + 86_400_000;
    const res = await call('POST', '/api/activities', 'community', {
      regionId: p.in.community.id,
      organiserKind: 'community',
      title: '垃圾分类宣传',
      venue: '新安社区广场',
      venuePoint: { lng: 110.35, lat: 20.05 },
      geofenceM: 200,
      startsAt: new Date(start).toISOString(),
      endsAt: new Date(start + 7200_000).toISOString(),
      capacity: 10,
      serviceItemCode: 'environment',
    });
    expect(res.statusCode).toBe(201);
    const a = res.json().activity;
    expect(a).toMatchObject({ status: 'draft', audience: 'everyone', partyRule: 'activity_attend', creditRule: 'volunteer_hour', signedUp: 0, geofenceM: 200 });
    expect((await call('GET', `/api/activities/${a.id}`, 'resident')).statusCode).toBe(404);
    expect((await call('POST', `/api/activities/${a.id}/signup`, 'resident', {})).statusCode).toBe(404);
    expect((await call('POST', `/api/activities/${a.id}/publish`, 'community', {})).json().activity.status).toBe('published');
    const list = (await call('GET', '/api/activities', 'resident')).json().items as Array<{ id: string }>;
    expect(list.map((x) => x.id)).toContain(a.id);
    expect((await call('POST', `/api/activities/${a.id}/publish`, 'community', {})).json().error.code).toBe('activity_wrong_status');
  });

  it('names the field of bad input and writes nothing', async () => {
    const start = Date.now() + 86_400_000;
    const base = { regionId: p.in.community.id, organiserKind: 'community', title: 'x', venue: 'y', startsAt: new Date(start).toISOString(), endsAt: new Date(start + 1000).toISOString(), capacity: 5 };
    const before = await rows<{ n: number }>(sql`select count(*)::int as n from activities`);
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ endsAt: new Date(start - 1000).toISOString() }, 'endsAt'],
      [{ geofenceM: 100 }, 'venuePoint'],
      [{ capacity: 0 }, 'capacity'],
      [{ organiserKind: 'branch' }, 'organiserId'],
      [{ organiserKind: 'team', organiserId: '0190a0a0-0000-7000-8000-000000000000' }, 'organiserId'],
      [{ partyRule: 'no_such_rule' }, 'partyRule'],
    ];
    for (const [change, field] of cases) {
      const res = await call('POST', '/api/activities', 'community', { ...base, ...change });
      expect(res.statusCode, field).toBe(400);
      expect(res.json().error.field).toBe(field);
    }
    expect(await rows<{ n: number }>(sql`select count(*)::int as n from activities`)).toEqual(before);
  });

  it('refuses organisers outside the region, residents, and a unit organising a community activity', async () => {
    const start = Date.now() + 86_400_000;
    const body = { regionId: p.in.community.id, organiserKind: 'community', title: 'x', venue: 'y', startsAt: new Date(start).toISOString(), endsAt: new Date(start + 3600_000).toISOString(), capacity: 5 };
    const outsider = await makeUser(t, 'community_admin', p.out.community.id);
    expect((await call('POST', '/api/activities', outsider.username, body)).statusCode).toBe(403);
    expect((await call('POST', '/api/activities', 'resident', body)).statusCode).toBe(403);
    expect((await call('POST', '/api/activities', 'unit', body)).statusCode).toBe(403);
    const [unit] = await rows<{ id: string }>(sql`select id from units where region_path like ${p.in.community.path + '%'} limit 1`);
    if (unit) expect((await call('POST', '/api/activities', 'unit', { ...body, organiserKind: 'unit', organiserId: unit.id })).statusCode).toBe(201);
    const id = await makeActivity(t, p);
    expect((await call('POST', `/api/activities/${id}/cancel`, outsider.username, { reason: '下雨' })).statusCode).toBe(403);
    expect((await call('GET', `/api/activities/${id}/qr`, 'member')).statusCode).toBe(403);
    expect((await call('POST', `/api/activities/${id}/review`, 'member', { participants: [{ userId: await userIdOf(t, 'member'), outcome: 'approved' }] })).statusCode).toBe(403);
  });

  it('volunteer teams: leaders manage members and organise the team’s activities', async () => {
    const created = await call('POST', '/api/volunteer-teams', 'community', { regionId: p.in.community.id, name: '红马甲志愿队' });
    expect(created.statusCode).toBe(201);
    const teamId = created.json().team.id as string;
    const member = await userIdOf(t, 'member');
    expect((await call('POST', `/api/volunteer-teams/${teamId}/members`, 'member', { userId: member, role: 'leader' })).statusCode).toBe(403);
    const added = await call('POST', `/api/volunteer-teams/${teamId}/members`, 'community', { userId: member, role: 'leader' });
    expect(added.json().team.members).toEqual([expect.objectContaining({ userId: member, role: 'leader' })]);
    const stranger = await makeUser(t, 'resident', p.out.grid.id);
    expect((await call('POST', `/api/volunteer-teams/${teamId}/members`, 'member', { userId: stranger.id })).json().error).toMatchObject({ code: 'activity_team_member_not_local', field: 'userId' });
    const resident = await userIdOf(t, 'resident');
    expect((await call('POST', `/api/volunteer-teams/${teamId}/members`, 'member', { userId: resident })).statusCode).toBe(200);
    const start = Date.now() + 86_400_000;
    const res = await call('POST', '/api/activities', 'member', {
      regionId: p.in.community.id,
      organiserKind: 'team',
      organiserId: teamId,
      title: '探望独居老人',
      venue: '社区',
      startsAt: new Date(start).toISOString(),
      endsAt: new Date(start + 3600_000).toISOString(),
      capacity: 4,
    });
    expect(res.statusCode).toBe(201);
    expect((await call('POST', `/api/activities/${res.json().activity.id}/publish`, 'member', {})).statusCode).toBe(200);
    // An ordinary team member is no organiser.
    expect((await call('POST', `/api/activities/${res.json().activity.id}/cancel`, 'resident', { reason: 'x' })).statusCode).toBe(403);
    expect((await call('DELETE', `/api/volunteer-teams/${teamId}/members/${resident}`, 'member')).statusCode).toBe(200);
  });
});

describe('activities: demo data', () => {
  it('seeds a team led by the demo member and two published activities in 新安社区', async () => {
    const list = (await call('GET', '/api/activities?status=published', 'resident')).json().items as Array<{ title: string; organiserKind: string }>;
    expect(list.map((a) => a.title)).toEqual(expect.arrayContaining(['“我为群众办实事”环境整治志愿活动', '探望独居老人']));
    const teams = (await call('GET', '/api/volunteer-teams', 'member')).json().items as Array<{ name: string; memberCount: number }>;
    expect(teams.find((x) => x.name === '新安社区志愿服务队')?.memberCount).toBe(2);
  });
});

describe('activities: sign-up and the waiting list', () => {
  it('fills the places, queues the rest, and promotes the waiting list in order when someone cancels', async () => {
    const id = await makeActivity(t, p, { capacity: 2 });
    const people = await Promise.all([0, 1, 2, 3].map(() => makeUser(t, 'resident', p.in.grid.id)));
    const statuses: string[] = [];
    for (const u of people) statuses.push((await call('POST', `/api/activities/${id}/signup`, u.username, {})).json().signup.status);
    expect(statuses).toEqual(['signed_up', 'signed_up', 'waiting', 'waiting']);
    const mine = (await call('GET', `/api/activities/${id}`, people[3]!.username)).json();
    expect(mine.mySignup).toMatchObject({ status: 'waiting', waitingPosition: 2 });
    expect((await call('POST', `/api/activities/${id}/signup`, people[0]!.username, {})).json().error.code).toBe('activity_already_signed_up');
    // A waiting person leaving promotes nobody; a place freed goes to the first still waiting.
    expect((await call('DELETE', `/api/activities/${id}/signup`, people[2]!.username)).json().promotedUserId).toBeNull();
    expect((await call('DELETE', `/api/activities/${id}/signup`, people[0]!.username)).json().promotedUserId).toBe(people[3]!.id);
    const counts = (await call('GET', `/api/activities/${id}`, 'community')).json().activity;
    expect(counts).toMatchObject({ signedUp: 2, waiting: 0 });
    // The list counts the same (each activity's own sign-ups).
    const listed = (await call('GET', `/api/activities`, 'community')).json().items.find((x: { id: string }) => x.id === id);
    expect(listed).toMatchObject({ signedUp: 2, waiting: 0 });
    // Signing up again after cancelling: at the end of the queue.
    expect((await call('POST', `/api/activities/${id}/signup`, people[0]!.username, {})).json().signup).toMatchObject({ status: 'waiting', queueNo: 5 });
    expect((await call('DELETE', `/api/activities/${id}/signup`, people[2]!.username)).statusCode).toBe(404);
  });

  it('keeps residents out of members-only activities and outsiders out of all', async () => {
    const id = await makeActivity(t, p, { audience: 'members' });
    expect((await call('POST', `/api/activities/${id}/signup`, 'resident', {})).statusCode).toBe(403);
    expect((await call('POST', `/api/activities/${id}/signup`, 'member', {})).json().signup).toMatchObject({ status: 'signed_up', ledger: 'party' });
    const outsider = await makeUser(t, 'member', p.out.grid.id);
    expect((await call('POST', `/api/activities/${id}/signup`, outsider.username, {})).statusCode).toBe(403);
    expect((await call('GET', `/api/activities/${id}`, outsider.username)).statusCode).toBe(403);
  });
});

describe('activities: check-in by rotating QR code', () => {
  const T0 = Math.floor(Date.UTC(2026, 10, 26, 1, 0, 0) / WINDOW_MS) * WINDOW_MS + 5_000; // 5 s into a window

  async function ready(o: Parameters<typeof makeActivity>[2] = {}) {
    const id = await makeActivity(t, p, { startsAt: T0, ...o });
    const u = await makeUser(t, 'member', p.in.grid.id);
    setClock(T0 - 10 * 60_000);
    expect((await call('POST', `/api/activities/${id}/signup`, u.username, {})).statusCode).toBe(201);
    return { id, u };
  }
  const qr = async (id: string, purpose: 'in' | 'out' = 'in') => (await call('GET', `/api/activities/${id}/qr?purpose=${purpose}`, 'community')).json();
  const scan = (who: string, token: string, position?: { lng: number; lat: number }) => call('POST', '/api/activities/scan', who, { token, position });

  it('accepts the current and the previous window, refuses older ones as expired and second scans as replays', async () => {
    const { id, u } = await ready();
    setClock(T0);
    const code = await qr(id);
    expect(code.window).toBe(windowAt(T0));
    expect(code.refreshInMs).toBe(WINDOW_MS - 5_000);
    // One window later the code still works (tolerance) …
    setClock(T0 + WINDOW_MS);
    const other = await makeUser(t, 'resident', p.in.grid.id);
    await call('POST', `/api/activities/${id}/signup`, other.username, {});
    expect((await scan(other.username, code.token)).statusCode).toBe(200);
    // … two windows later it has expired.
    setClock(T0 + 2 * WINDOW_MS);
    const expired = await scan(u.username, code.token);
    expect(expired.statusCode).toBe(409);
    expect(expired.json().error).toMatchObject({ code: 'checkin_token_expired', field: 'token' });
    const fresh = await qr(id);
    const ok = await scan(u.username, fresh.token);
    expect(ok.statusCode).toBe(200);
    expect(ok.json().signup.checkedInAt).toBe(new Date(T0 + 2 * WINDOW_MS).toISOString());
    const again = await scan(u.username, fresh.token);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('checkin_replayed');
    // The first check-in started the activity; the check-in was announced on the event bus.
    expect((await call('GET', `/api/activities/${id}`, 'community')).json().activity.status).toBe('started');
    const events = await rows<{ n: number }>(sql`select count(*)::int as n from events where type = 'activity.checked_in' and subject_id = ${id}`);
    expect(events[0]!.n).toBe(2);
  });

  it('refuses forged tokens: a changed MAC, another activity, a made-up key, a future window, garbage', async () => {
    const { id, u } = await ready();
    setClock(T0);
    const good = (await qr(id)).token as string;
    const raw = Buffer.from(good, 'base64url');
    raw[raw.length - 1] = raw[raw.length - 1]! ^ 1;
    const otherId = await makeActivity(t, p, { startsAt: T0 });
    const swapped = Buffer.from(good, 'base64url');
    Buffer.from(otherId.replace(/-/g, ''), 'hex').copy(swapped, 0);
    const foreignCrypto: typeof t.services.crypto = Object.assign(Object.create(t.services.crypto) as typeof t.services.crypto, { blindIndex: () => 'ab'.repeat(16) });
    const forged = [raw.toString('base64url'), swapped.toString('base64url'), makeToken(foreignCrypto, id, windowAt(T0), 'in'), 'not-a-token', makeToken(t.services.crypto, id, windowAt(T0) + 1, 'in')];
    for (const token of forged) {
      const res = await scan(u.username, token);
      expect(res.statusCode, token).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'checkin_token_invalid', field: 'token' });
    }
    const [s] = await rows<{ checked_in_at: Date | null }>(sql`select checked_in_at from activity_signups where activity_id = ${id} and user_id = ${u.id}`);
    expect(s!.checked_in_at).toBeNull();
  });

  it('checks out after checking in; service hours are rounded down to quarters and capped at the duration', async () => {
    const { id, u } = await ready();
    setClock(T0);
    expect((await scan(u.username, (await qr(id, 'out')).token)).json().error.code).toBe('checkout_before_checkin');
    expect((await scan(u.username, (await qr(id, 'in')).token)).statusCode).toBe(200);
    setClock(T0 + 74 * 60_000); // 1 h 14 min → 1 h
    const out = await scan(u.username, (await qr(id, 'out')).token);
    expect(out.json().signup.serviceMinutes).toBe(60);
    expect((await scan(u.username, (await qr(id, 'out')).token)).json().error.code).toBe('checkin_replayed');
    // Early arrival, late departure: capped at the two hours of the activity.
    const late = await makeUser(t, 'resident', p.in.grid.id);
    setClock(T0 - 10 * 60_000);
    await call('POST', `/api/activities/${id}/signup`, late.username, {});
    setClock(T0 - 50 * 60_000);
    expect((await scan(late.username, (await qr(id, 'in')).token)).statusCode).toBe(200);
    setClock(T0 + 3 * 3600_000);
    expect((await scan(late.username, (await qr(id, 'out')).token)).json().signup.serviceMinutes).toBe(120);
  });

  it('refuses scans outside the geofence, with the distance, and asks for the position', async () => {
    const venue = { lng: 110.35, lat: 20.05 };
    const { id, u } = await ready({ venue, geofenceM: 100 });
    setClock(T0);
    const token = (await qr(id)).token as string;
    const none = await scan(u.username, token);
    expect(none.json().error).toMatchObject({ code: 'position_required', field: 'position' });
    const far = await scan(u.username, token, { lng: 110.35, lat: 20.052 });
    expect(far.statusCode).toBe(409);
    expect(far.json().error).toMatchObject({ code: 'checkin_outside_geofence', field: 'position', geofenceM: 100 });
    expect(far.json().error.distanceM).toBeGreaterThan(200);
    expect((await scan(u.username, token, { lng: 110.3502, lat: 20.0502 })).statusCode).toBe(200);
  });

  it('refuses people without a place and callers outside the region', async () => {
    const { id } = await ready({ capacity: 1 });
    const waiting = await makeUser(t, 'resident', p.in.grid.id);
    await call('POST', `/api/activities/${id}/signup`, waiting.username, {});
    setClock(T0);
    const token = (await qr(id)).token as string;
    expect((await scan(waiting.username, token)).json().error.code).toBe('activity_not_signed_up');
    const outsider = await makeUser(t, 'member', p.out.grid.id);
    expect((await scan(outsider.username, token)).statusCode).toBe(403);
  });
});

describe('activities: review and points', () => {
  async function endedWith(ledgers: Array<'party' | 'credit'>) {
    const id = await makeActivity(t, p, { startsAt: Date.now() - 4 * 3600_000 });
    const people = [];
    for (const l of ledgers) {
      const u = await makeUser(t, l === 'party' ? 'member' : 'resident', p.in.grid.id);
      await addSignup(t, id, u.id, { ledger: l, checkedIn: true });
      people.push(u);
    }
    return { id, people };
  }
  const review = (id: string, participants: unknown[], who = 'community') => call('POST', `/api/activities/${id}/review`, who, { participants });
  const entries = (id: string, userId: string) => rows<{ n: number }>(sql`select count(*)::int as n from points_entries where idempotency_key = ${`activity:${id}:${userId}`}`);

  it('is refused before the end', async () => {
    const id = await makeActivity(t, p);
    expect((await review(id, [{ userId: await userIdOf(t, 'member'), outcome: 'approved' }])).json().error.code).toBe('activity_not_reviewable');
  });

  it('awards Party points to members and credit points to residents once, however often it is reviewed', async () => {
    const { id, people } = await endedWith(['party', 'credit', 'party']);
    const [m, r, absent] = [people[0]!, people[1]!, people[2]!];
    const first = await review(id, [
      { userId: m.id, outcome: 'approved', minutes: 90 },
      { userId: r.id, outcome: 'approved', minutes: 500 },
    ]);
    expect(first.statusCode).toBe(200);
    expect(first.json().activity.status).toBe('ended'); // one still pending
    expect(first.json().results).toEqual([
      { userId: m.id, outcome: 'approved', minutes: 90, points: 2, replayed: false },
      // The resident's rule (volunteer_hour, 10 points an hour) pays the two approved hours; the member's
      // (activity_attend) once.
      { userId: r.id, outcome: 'approved', minutes: 120, points: 20, replayed: false },
    ]);
    expect(await balanceOf(t.services.database.db, 'party', m.id)).toBe(2);
    expect(await balanceOf(t.services.database.db, 'credit', r.id)).toBe(20);
    // Reviewing again, even with other minutes: nothing more is paid.
    const again = await review(id, [{ userId: m.id, outcome: 'approved', minutes: 30 }, { userId: absent.id, outcome: 'absent' }]);
    expect(again.json().results[0]).toMatchObject({ replayed: true, minutes: 90, points: 2 });
    expect(again.json().activity.status).toBe('reviewed');
    expect(await balanceOf(t.services.database.db, 'party', m.id)).toBe(2);
    expect(await entries(id, m.id)).toEqual([{ n: 1 }]);
    expect(await balanceOf(t.services.database.db, 'party', absent.id)).toBe(0);
    // An approval is final.
    expect((await review(id, [{ userId: m.id, outcome: 'absent' }])).json().error).toMatchObject({ code: 'activity_review_final', field: 'participants.0.outcome' });
    // The awards were announced.
    const ev = await rows<{ n: number }>(sql`select count(*)::int as n from events where type = 'activity.points_awarded' and subject_id = ${id}`);
    expect(ev[0]!.n).toBe(2);
    // Ranking of the community: both, by approved minutes, names masked.
    const rank = (await call('GET', `/api/activities/rankings?regionId=${p.in.community.id}&from=${encodeURIComponent(new Date(Date.now() - 86_400_000).toISOString())}`, 'member')).json();
    const mine = rank.items.filter((x: { userId: string }) => x.userId === m.id || x.userId === r.id);
    expect(mine.map((x: { minutes: number }) => x.minutes)).toEqual([120, 90]);
    expect(mine[0].name).toMatch(/^u\*+$/);
    // The approved attendance is community service in the members' compliance lists (members/service-record.ts).
    const [pm] = await rows<{ id: string }>(sql`
      insert into party_members (id, city_id, user_id, name, id_number_enc, id_number_bidx, gender, birth_date, standing, join_date, kind, region_path)
      select gen_random_uuid(), city_id, ${m.id}::uuid, '测试党员', 'x', ${`bidx-${m.id}`}, 'M', '1980-01-01', 'formal', '2000-07-01', 'employed', region_path
      from activities where id = ${id}::uuid returning id`);
    const day = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
    const served = await serviceCounts(t.services.database.db, [pm!.id], day(Date.now() - 30 * 86_400_000), day(Date.now() + 86_400_000));
    expect(served.get(pm!.id)).toBe(1);
  });

  it('concurrent reviews of the same participant pay once', async () => {
    const { id, people } = await endedWith(['party']);
    const u = people[0]!;
    const results = await Promise.all([0, 1, 2, 3].map(() => review(id, [{ userId: u.id, outcome: 'approved', minutes: 60 }])));
    expect(results.map((x) => x.statusCode)).toEqual([200, 200, 200, 200]);
    expect(results.filter((x) => !x.json().results[0].replayed)).toHaveLength(1);
    expect(await balanceOf(t.services.database.db, 'party', u.id)).toBe(2);
    expect(await entries(id, u.id)).toEqual([{ n: 1 }]);
  });

  it('names the participant of a bad review entry and writes nothing', async () => {
    const { id, people } = await endedWith(['party']);
    const stranger = await makeUser(t, 'member', p.in.grid.id);
    const res = await review(id, [{ userId: people[0]!.id, outcome: 'approved' }, { userId: stranger.id, outcome: 'approved' }]);
    expect(res.json().error).toMatchObject({ code: 'activity_not_participant', field: 'participants.1.userId' });
    expect(await entries(id, people[0]!.id)).toEqual([{ n: 0 }]);
    const [s] = await rows<{ review: string }>(sql`select review from activity_signups where activity_id = ${id}`);
    expect(s!.review).toBe('pending');
  });
});
