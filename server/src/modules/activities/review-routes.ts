import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { App } from '../../platform/http/app-types.js';
import type { Services } from '../../platform/services.js';
import { rolesIn } from '../../platform/http/policy.js';
import { runCommand } from '../../platform/http/command.js';
import { users } from '../../platform/auth/schema.js';
import { IdParam, MAY_ORGANISE, loadActivity, organiserSubject } from './access.js';
import { presentActivity, presentSignup } from './present.js';
import { signupCounts } from './queries.js';
import { reviewAttendance } from './review.js';
import { activitySignups } from './schema.js';

/** The organiser's attendance sheet and the review 审核 that awards points. */
export function reviewRoutes(app: App, services: Services) {
  const { db } = services.database;

  app.get(
    '/api/activities/:id/attendance',
    {
      config: { policy: rolesIn(MAY_ORGANISE, organiserSubject(db)) },
      schema: { tags: ['activities'], summary: 'Everyone signed up or waiting, with check-in/out times, service minutes and review (organisers)', params: IdParam },
    },
    async (req) => {
      const a = (await loadActivity(db, req.params.id))!;
      const rows = await db
        .select({ s: activitySignups, displayName: users.displayName })
        .from(activitySignups)
        .innerJoin(users, eq(users.id, activitySignups.userId))
        .where(eq(activitySignups.activityId, a.id))
        .orderBy(asc(activitySignups.queueNo));
      return {
        activity: presentActivity(a, await signupCounts(db, a.id)),
        items: rows.map((r) => ({ ...presentSignup(r.s), displayName: r.displayName })),
      };
    },
  );

  app.post(
    '/api/activities/:id/review',
    {
      config: { policy: rolesIn(MAY_ORGANISE, organiserSubject(db)), action: 'activities.review' },
      schema: {
        tags: ['activities'],
        summary: 'Review attendance after the end: approve service minutes (awarding points once) or mark absent',
        params: IdParam,
        body: z.object({
          participants: z
            .array(z.object({ userId: z.uuid(), outcome: z.enum(['approved', 'absent']), minutes: z.number().int().min(0).max(24 * 60).optional() }))
            .min(1)
            .max(5000),
        }),
      },
    },
    async (req) => {
      const r = await runCommand(services, req, 'activities.review', async (c) => {
        const out = await reviewAttendance(c, req.params.id, req.body.participants);
        const a = out.activity;
        return {
          value: out,
          subjectType: 'activity',
          subjectId: a.id,
          cityId: a.cityId,
          regionPath: a.regionPath,
          detail: { approved: out.results.filter((x) => x.outcome === 'approved').length, absent: out.results.filter((x) => x.outcome === 'absent').length, status: a.status },
        };
      });
      return { activity: presentActivity(r.activity, await signupCounts(db, r.activity.id)), results: r.results };
    },
  );
}
