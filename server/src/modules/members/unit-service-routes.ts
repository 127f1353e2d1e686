import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { App } from '../../platform/http/app-types.js';
import type { Services } from '../../platform/services.js';
import { rolesIn } from '../../platform/http/policy.js';
import { badRequest } from '../../platform/errors.js';
import { units } from '../units/schema.js';
import { dualReports, partyMembers } from './schema.js';
import { MEMBER_MANAGERS } from './access.js';
import { namesFor } from './presenters.js';
import { quarterOf, serviceCounts, todayInShanghai } from './service-record.js';

/**
 * A work unit's view of its members' community service (8小时以外): its members with their approved report (the
 * community, grid and branch they serve in) and the number of services in a period (default: this quarter).
 */
export function unitServiceRoutes(app: App, services: Services): void {
  const { db } = services.database;
  app.get(
    '/api/members/unit-service',
    {
      config: {
        policy: rolesIn(['unit_admin', 'org_dept', ...MEMBER_MANAGERS], async (req) => {
          const id = (req.query as { unitId?: string }).unitId;
          if (!id || !/^[0-9a-f-]{36}$/i.test(id)) return null;
          const [u] = await db.select({ path: units.regionPath, cityId: units.cityId }).from(units).where(eq(units.id, id)).limit(1);
          return u && u.cityId === req.ctx.auth!.cityId ? { regionPath: u.path } : null;
        }),
      },
      schema: {
        tags: ['members'],
        summary: "A unit's members, where they reported and how often they served in a period (default: this quarter)",
        querystring: z.object({ unitId: z.uuid(), from: z.iso.date().optional(), to: z.iso.date().optional() }),
      },
    },
    async (req) => {
      const q = quarterOf(todayInShanghai());
      const from = req.query.from ?? q.from;
      const to = req.query.to ?? q.to;
      if (to <= from) throw badRequest('validation', 'to', { detail: 'to must follow from' });
      const members = await db.select().from(partyMembers).where(eq(partyMembers.unitId, req.query.unitId)).orderBy(asc(partyMembers.name));
      const ids = members.map((m) => m.id);
      const approved = ids.length
        ? await db.select().from(dualReports).where(and(inArray(dualReports.memberId, ids), eq(dualReports.status, 'approved'))).orderBy(desc(dualReports.decidedAt))
        : [];
      const reportOf = new Map(approved.map((r) => [r.memberId!, r]));
      const [counts, name] = await Promise.all([
        serviceCounts(db, ids, from, to),
        namesFor(db, { regions: approved.flatMap((r) => [r.communityId, r.gridId]), orgs: approved.map((r) => r.branchOrgId) }),
      ]);
      return {
        from,
        to,
        items: members.map((m) => {
          const r = reportOf.get(m.id);
          return {
            memberId: m.id,
            name: m.name,
            kind: m.kind,
            reported: !!r,
            communityId: r?.communityId ?? null,
            communityName: r ? name(r.communityId) : null,
            gridName: r ? name(r.gridId) : null,
            branchOrgName: r ? name(r.branchOrgId) : null,
            approvedAt: r?.decidedAt?.toISOString() ?? null,
            services: counts.get(m.id) ?? 0,
          };
        }),
      };
    },
  );
}
