import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { App } from '../../platform/http/app-types.js';
import type { Services } from '../../platform/services.js';
import { rolesIn } from '../../platform/http/policy.js';
import { pathInRoots } from '../../platform/access/scope.js';
import type { Db } from '../../platform/db/client.js';
import { regionSubject } from '../regions/policies.js';
import { regionById } from '../regions/queries.js';
import { units } from '../units/schema.js';
import { dualReports, memberHouseholds, partyMembers } from './schema.js';
import { minHouseholdsOf } from './menu.js';
import { quarterOf, serviceCounts, todayInShanghai } from './service-record.js';

/**
 * The three lists of "serve at least once a quarter" and 1+10 over a set of members: not reported (no approved
 * report), linked to fewer households than the city's minimum, not served in the quarter (no visit, nor any service
 * another module reports through `addServiceSource`).
 */
async function complianceOf(db: Db, cityId: string, where: SQL, day: string) {
  const q = quarterOf(day);
  const members = await db.select({ id: partyMembers.id, name: partyMembers.name, kind: partyMembers.kind, unitId: partyMembers.unitId }).from(partyMembers).where(and(eq(partyMembers.cityId, cityId), where));
  const ids = members.map((m) => m.id);
  const approved = new Set<string>();
  const links = new Map<string, number>();
  for (let i = 0; i < ids.length; i += 5000) {
    const part = ids.slice(i, i + 5000);
    const [a, l] = await Promise.all([
      db.select({ id: dualReports.memberId }).from(dualReports).where(and(inArray(dualReports.memberId, part), eq(dualReports.status, 'approved'))),
      db.select({ id: memberHouseholds.memberId, n: sql<number>`count(*)::int` }).from(memberHouseholds).where(inArray(memberHouseholds.memberId, part)).groupBy(memberHouseholds.memberId),
    ]);
    for (const r of a) approved.add(r.id!);
    for (const r of l) links.set(r.id, Number(r.n));
  }
  const [served, min] = await Promise.all([serviceCounts(db, ids, q.from, q.to), minHouseholdsOf(db, cityId)]);
  const brief = (m: (typeof members)[number]) => ({ id: m.id, name: m.name, kind: m.kind });
  return {
    quarter: q,
    minHouseholds: min,
    total: members.length,
    notReported: members.filter((m) => !approved.has(m.id)).map(brief),
    notLinked: members.filter((m) => (links.get(m.id) ?? 0) < min).map((m) => ({ ...brief(m), households: links.get(m.id) ?? 0 })),
    notServed: members.filter((m) => !(served.get(m.id) ?? 0)).map(brief),
  };
}

const Day = z.iso.date().optional();

/** Compliance lists for a community (members living there) and for a unit (its members). */
export function complianceRoutes(app: App, services: Services): void {
  const db = services.database.db;

  app.get(
    '/api/members/compliance/community',
    {
      config: { policy: rolesIn(['admin', 'org_dept', 'street_admin', 'community_admin'], regionSubject(db, (req) => (req.query as { communityId?: string }).communityId)) },
      schema: {
        tags: ['members'],
        summary: 'Members living in a community (or any region) who have not reported, are linked to too few households, or have not served this quarter',
        querystring: z.object({ communityId: z.uuid(), day: Day }),
      },
    },
    async (req) => {
      const r = (await regionById(db, req.query.communityId))!;
      const inside = pathInRoots(partyMembers.regionPath, [r.path]);
      // Members who reported to the community but live elsewhere in its records count too.
      const reported = sql`${partyMembers.id} in (select ${dualReports.memberId} from ${dualReports} where ${dualReports.communityId} = ${r.id} and ${dualReports.status} = 'approved')`;
      return complianceOf(db, r.cityId, sql`(${inside} or ${reported})`, req.query.day ?? todayInShanghai());
    },
  );

  app.get(
    '/api/members/compliance/unit',
    {
      config: {
        policy: rolesIn(['admin', 'org_dept', 'street_admin', 'community_admin', 'unit_admin'], async (req) => {
          const id = (req.query as { unitId?: string }).unitId;
          if (!id || !/^[0-9a-f-]{36}$/i.test(id)) return null;
          const [u] = await db.select({ path: units.regionPath, cityId: units.cityId }).from(units).where(eq(units.id, id)).limit(1);
          return u && u.cityId === req.ctx.auth!.cityId ? { regionPath: u.path } : null;
        }),
      },
      schema: { tags: ['members'], summary: "The same lists for a work unit's members", querystring: z.object({ unitId: z.uuid(), day: Day }) },
    },
    async (req) => complianceOf(db, req.ctx.auth!.cityId, eq(partyMembers.unitId, req.query.unitId), req.query.day ?? todayInShanghai()),
  );
}

