import { inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client.js';
import { users } from '../../platform/auth/schema.js';
import { maskName } from '../../platform/pii/mask.js';

/**
 * The display names of these users, masked as every answer shows a person ('周阿姨' → '周**'), in one query.
 * A user not found maps to nothing; the caller shows null.
 */
export async function maskedNames(db: DbOrTx, userIds: Iterable<string | null | undefined>): Promise<Map<string, string>> {
  const ids = [...new Set([...userIds].filter((x): x is string => !!x))];
  if (!ids.length) return new Map();
  const rows = await db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, ids));
  return new Map(rows.map((u) => [u.id, maskName(u.name)]));
}
