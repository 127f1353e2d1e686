import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { App } from '../http/app-types.js';
import type { Services } from '../services.js';
import { authenticated, rolesIn } from '../http/policy.js';
import { runCommand } from '../http/command.js';
import { badRequest, notFound } from '../errors.js';
import { calendarOverrides } from './schema.js';
import { CalendarCoverageError } from './working-calendar.js';
import { reloadCalendar } from './reload.js';

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const MAX_SPAN_DAYS = 400;

/**
 * The working-day calendar: look-ups for everyone; local overrides (typhoon days off, local make-up days)
 * for city-level administrators, since one calendar serves the whole deployment.
 */
export function calendarRoutes(app: App, services: Services): void {
  const { db } = services.database;
  const cityAdmin = rolesIn(['admin'], async (req) => {
    const g = req.ctx.auth?.grants.find((x) => x.role === 'admin' && x.regionLevel === 'city');
    return { regionPath: g?.regionPath ?? '/', denied: !g };
  });

  app.get(
    '/api/calendar/days',
    {
      config: { policy: authenticated() },
      schema: { tags: ['calendar'], summary: 'Each day of a range: working or not, and why', querystring: z.object({ from: Day, to: Day }) },
    },
    async (req) => {
      const from = Date.parse(`${req.query.from}T00:00:00Z`);
      const to = Date.parse(`${req.query.to}T00:00:00Z`);
      if (!Number.isFinite(from) || !Number.isFinite(to) || to < from) throw badRequest('validation', 'to', { detail: 'to must not be before from' });
      if ((to - from) / 86_400_000 > MAX_SPAN_DAYS) throw badRequest('validation', 'to', { detail: `at most ${MAX_SPAN_DAYS} days` });
      const days = [];
      try {
        for (let t = from; t <= to; t += 86_400_000) days.push(services.calendar.describeDay(new Date(t).toISOString().slice(0, 10)));
      } catch (err) {
        if (err instanceof CalendarCoverageError) throw badRequest('calendar_not_covered', 'to', { detail: err.message });
        throw err;
      }
      return { items: days, covered: services.calendar.coveredYears(), provisional: services.calendar.provisionalYears() };
    },
  );

  app.get(
    '/api/calendar/overrides',
    { config: { policy: authenticated() }, schema: { tags: ['calendar'], summary: 'Local calendar overrides' } },
    async () => ({ items: await db.select().from(calendarOverrides).orderBy(asc(calendarOverrides.date)) }),
  );

  app.post(
    '/api/calendar/overrides',
    {
      config: { policy: cityAdmin, action: 'calendar.override_set' },
      schema: {
        tags: ['calendar'],
        summary: 'Declare a local holiday or make-up workday (replaces any override of that date)',
        body: z.object({ date: Day, kind: z.enum(['holiday', 'workday']), name: z.string().trim().min(1).max(60) }),
      },
    },
    async (req, reply) => {
      const row = await runCommand(services, req, 'calendar.override_set', async ({ tx, actor }) => {
        const values = { date: req.body.date, kind: req.body.kind, name: req.body.name, createdBy: actor!.userId };
        const [r] = await tx
          .insert(calendarOverrides)
          .values(values)
          .onConflictDoUpdate({ target: calendarOverrides.date, set: { kind: values.kind, name: values.name, createdBy: values.createdBy } })
          .returning();
        return { value: r!, subjectType: 'calendar_day', subjectId: r!.date, detail: { kind: r!.kind } };
      });
      await reloadCalendar(services);
      return reply.code(201).send({ override: row });
    },
  );

  app.delete(
    '/api/calendar/overrides/:date',
    {
      config: { policy: cityAdmin, action: 'calendar.override_remove' },
      schema: { tags: ['calendar'], summary: 'Remove a local override', params: z.object({ date: Day }) },
    },
    async (req, reply) => {
      await runCommand(services, req, 'calendar.override_remove', async ({ tx }) => {
        const gone = await tx.delete(calendarOverrides).where(eq(calendarOverrides.date, req.params.date)).returning();
        if (gone.length === 0) throw notFound('calendar override', 'date');
        return { value: null, subjectType: 'calendar_day', subjectId: req.params.date };
      });
      await reloadCalendar(services);
      return reply.code(204).send();
    },
  );
}
