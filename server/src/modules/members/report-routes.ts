import { and, desc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { App } from '../../platform/http/app-types.js';
import type { Services } from '../../platform/services.js';
import { rolesIn, scopeRootsFor } from '../../platform/http/policy.js';
import { runCommand } from '../../platform/http/command.js';
import { notFound } from '../../platform/errors.js';
import { pathInRoots } from '../../platform/access/scope.js';
import { regionSubject } from '../regions/policies.js';
import { units } from '../units/schema.js';
import { REPORT_STATUSES, dualReports, partyMembers } from './schema.js';
import { MEMBER_MANAGERS, reportSubject } from './access.js';
import { approveReport, fileMemberReport, fileUnitReport, rejectReport } from './reports.js';
import { presentReports, type ReportRow } from './presenters.js';
import { communityOf } from './places.js';

const Id = z.object({ id: z.uuid() });
const Place = {
  communityId: z.uuid(),
  buildingId: z.uuid().nullish(),
  gridId: z.uuid().nullish(),
  address: z.string().trim().max(200).nullish(),
};
/** Community-side readers of reports made to their area. */
const COMMUNITY_SIDE = ['admin', 'org_dept', 'street_admin', 'community_admin'] as const;

/** Dual reporting (双报到): members to the community where they live, units to the community where they sit. */
export function reportRoutes(app: App, services: Services): void {
  const { db } = services.database;

  const present = async (rows: ReportRow[]) => {
    const ids = [...new Set(rows.map((r) => r.memberId).filter((x): x is string => !!x))];
    const names = ids.length ? await db.select({ id: partyMembers.id, name: partyMembers.name }).from(partyMembers).where(inArray(partyMembers.id, ids)) : [];
    return presentReports(db, rows, new Map(names.map((n) => [n.id, n.name])));
  };
  const outcome = (r: ReportRow, detail: Record<string, unknown>) => ({
    subjectType: 'dual_report',
    subjectId: r.id,
    cityId: r.cityId,
    regionPath: r.regionPath,
    detail: { kind: r.kind, status: r.status, channel: r.channel, memberId: r.memberId, unitId: r.unitId, ...detail },
  });

  app.post(
    '/api/dual-reports/me',
    {
      config: { policy: rolesIn(['member']), action: 'dual_reports.report_self' },
      schema: { tags: ['members'], summary: 'Report (online) to the community where I live; my member record must be linked to my account', body: z.object(Place) },
    },
    async (req, reply) => {
      const auth = req.ctx.auth!;
      const r = await runCommand(services, req, 'dual_reports.report_self', async ({ tx }) => {
        const [m] = await tx.select().from(partyMembers).where(eq(partyMembers.userId, auth.userId)).limit(1);
        if (!m) throw notFound('member');
        const r = await fileMemberReport(tx, m, req.body, 'online', auth.userId);
        return { value: r, ...outcome(r, { from: null, to: 'reported' }) };
      });
      return reply.code(201).send({ report: (await present([r]))[0]! });
    },
  );

  app.post(
    '/api/dual-reports',
    {
      config: {
        policy: rolesIn(MEMBER_MANAGERS, regionSubject(db, (req) => (req.body as { communityId?: string } | undefined)?.communityId)),
        action: 'dual_reports.report_offline',
      },
      schema: { tags: ['members'], summary: "Enter a member's offline report to my community", body: z.object({ memberId: z.uuid(), ...Place }) },
    },
    async (req, reply) => {
      const auth = req.ctx.auth!;
      const r = await runCommand(services, req, 'dual_reports.report_offline', async ({ tx }) => {
        const [m] = await tx.select().from(partyMembers).where(eq(partyMembers.id, req.body.memberId)).limit(1);
        if (!m || m.cityId !== auth.cityId) throw notFound('member', 'memberId');
        const r = await fileMemberReport(tx, m, req.body, 'offline', auth.userId);
        return { value: r, ...outcome(r, { from: null, to: 'reported' }) };
      });
      return reply.code(201).send({ report: (await present([r]))[0]! });
    },
  );

  app.post(
    '/api/dual-reports/units',
    {
      config: {
        policy: rolesIn(['unit_admin', ...MEMBER_MANAGERS], async (req) => {
          const id = (req.body as { unitId?: string } | undefined)?.unitId;
          if (!id || !/^[0-9a-f-]{36}$/i.test(id)) return null;
          const [u] = await db.select({ path: units.regionPath, cityId: units.cityId }).from(units).where(eq(units.id, id)).limit(1);
          return u && u.cityId === req.ctx.auth!.cityId ? { regionPath: u.path } : null;
        }),
        action: 'dual_reports.report_unit',
      },
      schema: {
        tags: ['members'],
        summary: 'A unit reports to the community where it sits (by its administrator online, or entered by the community offline)',
        body: z.object({ unitId: z.uuid() }),
      },
    },
    async (req, reply) => {
      const auth = req.ctx.auth!;
      const unitRoots = scopeRootsFor(req, ['unit_admin']);
      const r = await runCommand(services, req, 'dual_reports.report_unit', async ({ tx }) => {
        const [u] = await tx.select().from(units).where(eq(units.id, req.body.unitId)).limit(1);
        // Online when the unit's own administrator reports; a secretary enters it for the unit (offline).
        const channel = unitRoots.some((root) => u!.regionPath.startsWith(root)) ? 'online' : 'offline';
        const community = await communityOf(tx, u!.regionPath);
        const r = await fileUnitReport(tx, u!, community ? { ...community, level: 'community', cityId: u!.cityId, parentId: null } : null, channel, auth.userId);
        return { value: r, ...outcome(r, { from: null, to: 'reported' }) };
      });
      return reply.code(201).send({ report: (await present([r]))[0]! });
    },
  );

  app.post(
    '/api/dual-reports/:id/approve',
    {
      config: { policy: rolesIn(MEMBER_MANAGERS, reportSubject(db)), action: 'dual_reports.approve' },
      schema: {
        tags: ['members'],
        summary: "Approve a report: the member lands in the grid and the community's branch (兼合式党支部); their account gets the member grant there",
        params: Id,
        body: z.object({ gridId: z.uuid().nullish(), branchOrgId: z.uuid().nullish() }),
      },
    },
    async (req) => {
      const auth = req.ctx.auth!;
      const out = await runCommand(services, req, 'dual_reports.approve', async ({ tx }) => {
        const res = await approveReport(tx, req.params.id, req.body, auth.userId);
        return { value: res.report, ...outcome(res.report, { from: 'reported', to: 'approved', gridId: res.report.gridId, branchOrgId: res.report.branchOrgId, granted: res.granted, superseded: res.superseded }) };
      });
      return { report: (await present([out]))[0]! };
    },
  );

  app.post(
    '/api/dual-reports/:id/reject',
    {
      config: { policy: rolesIn(MEMBER_MANAGERS, reportSubject(db)), action: 'dual_reports.reject' },
      schema: { tags: ['members'], summary: 'Reject a report with a reason (the member or unit may report again)', params: Id, body: z.object({ reason: z.string().trim().min(1).max(500) }) },
    },
    async (req) => {
      const auth = req.ctx.auth!;
      const r = await runCommand(services, req, 'dual_reports.reject', async ({ tx }) => {
        const r = await rejectReport(tx, req.params.id, req.body.reason, auth.userId);
        return { value: r, ...outcome(r, { from: 'reported', to: 'rejected' }) };
      });
      return { report: (await present([r]))[0]! };
    },
  );

  app.get(
    '/api/dual-reports',
    {
      config: { policy: rolesIn([...COMMUNITY_SIDE, 'unit_admin']) },
      schema: {
        tags: ['members'],
        summary: "Reports made to communities of my area; for a unit's administrator, the reports of the units of their area and of those units' members",
        querystring: z.object({
          status: z.enum(REPORT_STATUSES).optional(),
          kind: z.enum(['member', 'unit']).optional(),
          page: z.coerce.number().int().min(1).default(1),
          pageSize: z.coerce.number().int().min(1).max(200).default(50),
        }),
      },
    },
    async (req) => {
      const { status, kind, page, pageSize } = req.query;
      const unitRoots = scopeRootsFor(req, ['unit_admin']);
      const visible: SQL[] = [pathInRoots(dualReports.regionPath, scopeRootsFor(req, COMMUNITY_SIDE))];
      if (unitRoots.length) {
        const unitsOfMine = sql`select ${units.id} from ${units} where ${pathInRoots(units.regionPath, unitRoots)}`;
        visible.push(
          sql`${dualReports.unitId} in (${unitsOfMine})`,
          sql`${dualReports.memberId} in (select ${partyMembers.id} from ${partyMembers} where ${partyMembers.unitId} in (${unitsOfMine}))`,
        );
      }
      const conds: SQL[] = [eq(dualReports.cityId, req.ctx.auth!.cityId), or(...visible)!];
      if (status) conds.push(eq(dualReports.status, status));
      if (kind) conds.push(eq(dualReports.kind, kind));
      const where = and(...conds);
      const [rows, [total]] = await Promise.all([
        db.select().from(dualReports).where(where).orderBy(desc(dualReports.createdAt)).limit(pageSize).offset((page - 1) * pageSize),
        db.select({ n: sql<number>`count(*)::int` }).from(dualReports).where(where),
      ]);
      return { items: await present(rows), total: Number(total?.n ?? 0) };
    },
  );

  app.get(
    '/api/dual-reports/me',
    { config: { policy: rolesIn(['member']) }, schema: { tags: ['members'], summary: 'My reports, newest first' } },
    async (req) => {
      const [m] = await db.select({ id: partyMembers.id }).from(partyMembers).where(eq(partyMembers.userId, req.ctx.auth!.userId)).limit(1);
      if (!m) return { items: [] };
      const rows = await db.select().from(dualReports).where(eq(dualReports.memberId, m.id)).orderBy(desc(dualReports.createdAt));
      return { items: await present(rows) };
    },
  );
}
