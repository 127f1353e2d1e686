import { and, eq, sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Role } from '../../platform/access/roles.js';
import type { DbOrTx } from '../../platform/db/client.js';
import type { SubjectRef } from '../../platform/http/policy.js';
import { LEDGER_KINDS, type LedgerKind } from './rules.js';
import { pointsAccounts, pointsEntries } from './schema.js';

/** Who reads an account's entries and the rankings: the organisers above the holder's community. */
export const READERS: readonly Role[] = ['admin', 'org_dept', 'street_admin', 'community_admin'];
/** Who awards, deducts and corrects by hand: the community and those above it. */
export const POSTERS: readonly Role[] = ['admin', 'street_admin', 'community_admin'];
/** Who sets a city's rules. */
export const RULE_EDITORS: readonly Role[] = ['admin', 'org_dept'];

export const Kind = z.enum(LEDGER_KINDS);
const HOLDER_ROLE: Record<LedgerKind, string> = { party: 'member', credit: 'resident' };

/**
 * Where an account sits: its row's region (copied from the holder's member/resident grant when it was opened),
 * else the holder's grant now; null (→ 404) when the user holds no such grant in the caller's city.
 */
export async function accountRegion(db: DbOrTx, cityId: string, kind: LedgerKind, userId: string): Promise<string | null> {
  const [a] = await db
    .select({ regionPath: pointsAccounts.regionPath, cityId: pointsAccounts.cityId })
    .from(pointsAccounts)
    .where(and(eq(pointsAccounts.kind, kind), eq(pointsAccounts.userId, userId)))
    .limit(1);
  if (a && a.regionPath && a.cityId === cityId) return a.regionPath;
  const rows = (await db.execute(sql`select region_path from role_grants where user_id = ${userId}::uuid and city_id = ${cityId}::uuid
      and role = ${HOLDER_ROLE[kind]} order by length(region_path) desc limit 1`)) as unknown as { rows: { region_path: string }[] };
  return rows.rows[0]?.region_path ?? null;
}

/** Route subject: the account of :userId (kind from the query or body). */
export const accountSubject =
  (db: DbOrTx) =>
  async (req: FastifyRequest): Promise<SubjectRef | null> => {
    const userId = (req.params as { userId: string }).userId;
    const kind = ((req.query as { kind?: LedgerKind } | undefined)?.kind ?? (req.body as { kind?: LedgerKind } | undefined)?.kind ?? 'party') as LedgerKind;
    const path = await accountRegion(db, req.ctx.auth!.cityId, kind, userId);
    return path ? { regionPath: path } : null;
  };

/** Route subject: the account of the entry :id. */
export const entrySubject =
  (db: DbOrTx) =>
  async (req: FastifyRequest): Promise<SubjectRef | null> => {
    const id = (req.params as { id: string }).id;
    const [e] = await db
      .select({ kind: pointsEntries.kind, userId: pointsEntries.userId, cityId: pointsEntries.cityId })
      .from(pointsEntries)
      .where(eq(pointsEntries.id, id))
      .limit(1);
    if (!e || e.cityId !== req.ctx.auth!.cityId) return null;
    const path = await accountRegion(db, e.cityId, e.kind, e.userId);
    return path ? { regionPath: path } : null;
  };
