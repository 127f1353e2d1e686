import { sql } from 'drizzle-orm';
import { postEntry } from '../../src/modules/points/ledger.js';
import type { TestContext } from './harness.js';
import { unique } from './fixtures.js';

/** The id of a demo user by username. */
export async function pointsUserId(t: TestContext, username: string): Promise<string> {
  const [u] = await t.services.database.rows<{ id: string }>(sql`select id from users where username = ${username}`);
  return u!.id;
}

/** A fresh party entry (+5) of the demo member, posted straight through the ledger; returns its id. */
export async function pointsEntryOfMember(t: TestContext, delta = 5): Promise<string> {
  const userId = await pointsUserId(t, 'member');
  const key = unique('fixture:');
  const r = await t.services.database.db.transaction((tx) =>
    postEntry(tx, { kind: 'party', cityId: t.seed.cityId, userId, delta, reason: 'activity_attend', sourceType: 'fixture', sourceId: key, idempotencyKey: key }),
  );
  return r.entryId;
}
