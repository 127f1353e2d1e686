import { sql } from 'drizzle-orm';
import { createSession } from '../../src/platform/auth/sessions.js';
import type { TestContext } from './harness.js';
import type { Places } from './fixtures.js';
import { unique } from './fixtures.js';

/** Fixtures of the activities tests (activities-*.test.ts) and of their route cases. */

export async function sessionOf(t: TestContext, username: string): Promise<Record<string, string>> {
  const [u] = await t.services.database.rows<{ id: string }>(sql`select id from users where username = ${username}`);
  const s = await createSession(t.services.database.db, t.config, u!.id, { ip: '127.0.0.1', userAgent: 'activities-test' });
  return { authorization: `Bearer ${s.token}` };
}

export async function userIdOf(t: TestContext, username: string): Promise<string> {
  const [u] = await t.services.database.rows<{ id: string }>(sql`select id from users where username = ${username}`);
  return u!.id;
}

export interface ActivityOpts {
  status?: 'draft' | 'published' | 'started' | 'ended';
  capacity?: number;
  /** Start, ms since the epoch (default: an hour from now); the activity lasts two hours. */
  startsAt?: number;
  audience?: 'members' | 'residents' | 'everyone';
  geofenceM?: number | null;
  venue?: { lng: number; lat: number } | null;
}

/** An activity of the 新安社区 community written directly (no API, no audit). */
export async function makeActivity(t: TestContext, p: Places, o: ActivityOpts = {}): Promise<string> {
  const startsAt = new Date(o.startsAt ?? Date.now() + 3600_000);
  const endsAt = new Date(startsAt.getTime() + 2 * 3600_000);
  const [row] = await t.services.database.rows<{ id: string }>(sql`
    insert into activities (id, city_id, region_id, region_path, organiser_kind, title, venue, venue_lng, venue_lat, geofence_m, starts_at, ends_at, capacity, audience, status, published_at)
    values (gen_random_uuid(), ${t.seed.cityId}, ${p.in.community.id}, ${p.in.community.path}, 'community', ${unique('志愿活动')}, '党群服务中心',
            ${o.venue?.lng ?? null}, ${o.venue?.lat ?? null}, ${o.geofenceM ?? null}, ${startsAt}, ${endsAt}, ${o.capacity ?? 20},
            ${o.audience ?? 'everyone'}, ${o.status ?? 'published'}, ${o.status === 'draft' ? null : new Date()})
    returning id`);
  return row!.id;
}

/** Signs a user up directly (a place), as the n-th sign-up. */
export async function addSignup(t: TestContext, activityId: string, userId: string, o: { ledger?: 'party' | 'credit'; checkedIn?: boolean } = {}): Promise<void> {
  await t.services.database.db.execute(sql`
    with a as (update activities set signup_seq = signup_seq + 1 where id = ${activityId} returning signup_seq)
    insert into activity_signups (id, activity_id, user_id, ledger, status, queue_no, signed_at, checked_in_at)
    select gen_random_uuid(), ${activityId}, ${userId}, ${o.ledger ?? 'credit'}, 'signed_up', a.signup_seq, now(), ${o.checkedIn ? new Date() : null} from a
    on conflict (activity_id, user_id) do nothing`);
}

/** A volunteer team in the 新安社区 community. */
export async function makeTeam(t: TestContext, p: Places): Promise<string> {
  const [row] = await t.services.database.rows<{ id: string }>(sql`
    insert into volunteer_teams (id, city_id, region_id, region_path, name) values (gen_random_uuid(), ${t.seed.cityId}, ${p.in.community.id}, ${p.in.community.path}, ${unique('志愿队')}) returning id`);
  return row!.id;
}
