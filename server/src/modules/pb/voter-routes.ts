import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { App } from '../../platform/http/app-types.js';
import type { Services } from '../../platform/services.js';
import { rolesIn } from '../../platform/http/policy.js';
import { runCommand } from '../../platform/http/command.js';
import { badRequest, notFound } from '../../platform/errors.js';
import { roleGrants } from '../../platform/access/schema.js';
import { inSubtree, subtreeEnd } from '../../platform/access/scope.js';
import { users } from '../../platform/auth/schema.js';
import { cycleSubject, IdParam, ORGANISERS, requirePhase, RESIDENTS } from './cycle-access.js';
import { maskedNames } from './masked-names.js';
import { pbCycles, pbVoterRoll } from './schema.js';

/** The voter roll of a cycle: residents put on it by the organisers, one by one or all at once; the list, masked. */
export function pbVoterRoutes(app: App, services: Services) {
  const { db } = services.database;

  app.post(
    '/api/pb/cycles/:id/voters',
    {
      config: { policy: rolesIn(ORGANISERS, cycleSubject(db, ['organiser'])), action: 'pb.voters_add' },
      schema: {
        tags: ['micro-projects'],
        summary: 'Put verified residents on the cycle’s voter roll: `userIds` (residents or members living under its region), or `allResidents: true` (all of them)',
        params: IdParam,
        body: z.object({ userIds: z.array(z.uuid()).min(1).max(5000).optional(), allResidents: z.literal(true).optional() }),
      },
    },
    async (req) => {
      const b = req.body;
      if (!b.userIds === !b.allResidents) throw badRequest('validation', 'userIds', { detail: 'give either userIds or allResidents: true' });
      const auth = req.ctx.auth!;
      const added = await runCommand(services, req, 'pb.voters_add', async ({ tx }) => {
        const [c] = await tx.select().from(pbCycles).where(eq(pbCycles.id, req.params.id));
        if (!c) throw notFound('pb_cycle');
        requirePhase(auth, 'manage_voters', c);
        let rows: Array<{ userId: string }>;
        let asked: number | 'all';
        if (b.allResidents) {
          // Every active resident and member granted under the region, in one statement.
          const inserted = (await tx.execute(sql`
            insert into ${pbVoterRoll} (cycle_id, user_id, added_by)
            select distinct ${c.id}::uuid, g.user_id, ${auth.userId}::uuid
            from ${roleGrants} g join ${users} u on u.id = g.user_id
            where g.city_id = ${c.cityId} and g.role in ('resident', 'member') and u.status = 'active'
              and g.region_path >= ${c.regionPath} and g.region_path < ${subtreeEnd(c.regionPath)}
            on conflict do nothing
            returning user_id`)) as unknown as { rows: Array<{ user_id: string }> };
          rows = inserted.rows.map((r) => ({ userId: r.user_id }));
          asked = 'all';
        } else {
          const ids = [...new Set(b.userIds)];
          const grants = await tx
            .select({ userId: roleGrants.userId, path: roleGrants.regionPath })
            .from(roleGrants)
            .where(and(inArray(roleGrants.userId, ids), inArray(roleGrants.role, [...RESIDENTS])));
          const living = new Set(grants.filter((g) => inSubtree(g.path, c.regionPath)).map((g) => g.userId));
          const outside = ids.filter((id) => !living.has(id));
          if (outside.length) throw badRequest('pb_not_a_resident', 'userIds', { count: outside.length });
          rows = await tx
            .insert(pbVoterRoll)
            .values(ids.map((userId) => ({ cycleId: c.id, userId, addedBy: auth.userId })))
            .onConflictDoNothing()
            .returning({ userId: pbVoterRoll.userId });
          asked = ids.length;
        }
        return { value: rows.length, subjectType: 'pb_cycle', subjectId: c.id, cityId: c.cityId, regionPath: c.regionPath, detail: { added: rows.length, asked } };
      });
      return { added };
    },
  );

  app.get(
    '/api/pb/cycles/:id/voters',
    {
      config: { policy: rolesIn(ORGANISERS, cycleSubject(db, ['organiser'])) },
      schema: {
        tags: ['micro-projects'],
        summary: 'The voter roll, a page at a time, names masked (organisers)',
        params: IdParam,
        querystring: z.object({ page: z.coerce.number().int().min(1).default(1), pageSize: z.coerce.number().int().min(1).max(200).default(50) }),
      },
    },
    async (req) => {
      const { page, pageSize } = req.query;
      const [total] = await db.select({ n: sql<number>`count(*)::int` }).from(pbVoterRoll).where(eq(pbVoterRoll.cycleId, req.params.id));
      const rows = await db
        .select({ userId: pbVoterRoll.userId, addedAt: pbVoterRoll.addedAt })
        .from(pbVoterRoll)
        .where(eq(pbVoterRoll.cycleId, req.params.id))
        .orderBy(asc(pbVoterRoll.addedAt), asc(pbVoterRoll.userId))
        .limit(pageSize)
        .offset((page - 1) * pageSize);
      const names = await maskedNames(db, rows.map((r) => r.userId));
      return {
        total: Number(total?.n ?? 0),
        voters: rows.map((r) => ({ userId: r.userId, displayName: names.get(r.userId) ?? null, addedAt: r.addedAt.toISOString() })),
      };
    },
  );
}
