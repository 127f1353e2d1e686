import { and, count, desc, eq, gte, lte, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { App } from '../http/app-types.js';
import type { Services } from '../services.js';
import { rolesIn, scopeRootsFor } from '../http/policy.js';
import { pathInRoots } from '../access/scope.js';
import { auditLog } from './schema.js';
import { sealAudit, verifyAuditChain } from './audit.js';

/** The audit viewer: administrators read their city's trail and check the chain. */
export function auditRoutes(app: App, services: Services): void {
  const { db } = services.database;
  app.get(
    '/api/audit',
    {
      config: { policy: rolesIn(['admin']) },
      schema: {
        tags: ['audit'],
        summary: 'Search the audit trail',
        querystring: z.object({
          actor: z.string().max(64).optional(),
          action: z.string().max(64).optional(),
          subjectType: z.string().max(40).optional(),
          subjectId: z.string().max(64).optional(),
          result: z.enum(['ok', 'denied', 'error']).optional(),
          from: z.iso.datetime({ offset: true }).optional(),
          to: z.iso.datetime({ offset: true }).optional(),
          page: z.coerce.number().int().min(1).default(1),
          pageSize: z.coerce.number().int().min(1).max(200).default(50),
        }),
      },
    },
    async (req) => {
      const q = req.query;
      const auth = req.ctx.auth!;
      // A city-level administrator reads the city's whole trail; a district administrator the entries about their district.
      const cityWide = auth.grants.some((g) => g.role === 'admin' && g.regionLevel === 'city');
      const conds: SQL[] = [eq(auditLog.cityId, auth.cityId)];
      if (!cityWide) conds.push(pathInRoots(auditLog.regionPath, scopeRootsFor(req, ['admin'])));
      if (q.actor) conds.push(eq(auditLog.actorName, q.actor));
      if (q.action) conds.push(eq(auditLog.action, q.action));
      if (q.subjectType) conds.push(eq(auditLog.subjectType, q.subjectType));
      if (q.subjectId) conds.push(eq(auditLog.subjectId, q.subjectId));
      if (q.result) conds.push(eq(auditLog.result, q.result));
      if (q.from) conds.push(gte(auditLog.at, new Date(q.from)));
      if (q.to) conds.push(lte(auditLog.at, new Date(q.to)));
      const where = and(...conds);
      const [rows, [total]] = await Promise.all([
        db.select().from(auditLog).where(where).orderBy(desc(auditLog.id)).limit(q.pageSize).offset((q.page - 1) * q.pageSize),
        db.select({ n: count() }).from(auditLog).where(where),
      ]);
      return {
        items: rows.map((r) => ({ ...r, at: r.at.toISOString() })),
        total: Number(total?.n ?? 0),
      };
    },
  );

  app.get(
    '/api/audit/verify',
    { config: { policy: rolesIn(['admin']) }, schema: { tags: ['audit'], summary: 'Seal pending rows and verify the whole hash chain' } },
    async () => {
      await sealAudit(db);
      return verifyAuditChain(db);
    },
  );
}
