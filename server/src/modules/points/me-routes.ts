import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { App } from '../../platform/http/app-types.js';
import type { Services } from '../../platform/services.js';
import { authenticated, requireAuth } from '../../platform/http/policy.js';
import { shanghaiYear } from './cycles.js';
import { Kind } from './access.js';
import { entriesOf } from './queries.js';
import { pointsAccounts, pointsYearTotals } from './schema.js';

/** The caller's own accounts: balances (party and credit) and entries. */
export function pointsMeRoutes(app: App, services: Services) {
  const { db } = services.database;

  app.get(
    '/api/points/me',
    { config: { policy: authenticated() }, schema: { tags: ['points'], summary: 'My balances and this year’s standing, per ledger' } },
    async (req) => {
      const auth = requireAuth(req);
      const year = shanghaiYear(new Date());
      const [accts, totals] = await Promise.all([
        db.select().from(pointsAccounts).where(eq(pointsAccounts.userId, auth.userId)),
        db.select().from(pointsYearTotals).where(and(eq(pointsYearTotals.userId, auth.userId), eq(pointsYearTotals.year, year))),
      ]);
      const one = (kind: 'party' | 'credit') => ({
        balance: Number(accts.find((a) => a.kind === kind)?.balance ?? 0),
        entries: accts.find((a) => a.kind === kind)?.seq ?? 0,
        yearTotal: Number(totals.find((t) => t.kind === kind)?.total ?? 0),
      });
      return { year, party: one('party'), credit: one('credit') };
    },
  );

  app.get(
    '/api/points/me/entries',
    {
      config: { policy: authenticated() },
      schema: {
        tags: ['points'],
        summary: 'My entries of one ledger, newest first',
        querystring: z.object({
          kind: Kind.default('credit'),
          page: z.coerce.number().int().min(1).default(1),
          pageSize: z.coerce.number().int().min(1).max(200).default(20),
        }),
      },
    },
    async (req) => {
      const auth = requireAuth(req);
      return entriesOf(db, req.query.kind, auth.userId, req.query.page, req.query.pageSize);
    },
  );
}
