import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { App } from '../../platform/http/app-types.js';
import type { Services } from '../../platform/services.js';
import { rolesIn } from '../../platform/http/policy.js';
import { runCommand } from '../../platform/http/command.js';
import { AppError } from '../../platform/errors.js';
import { IdParam, MAY_ORGANISE, PARTICIPANTS, loadActivity, organiserSubject, participantSubject } from './access.js';
import { activityClock } from './clock.js';
import { SCAN_PURPOSES } from './lists.js';
import { presentSignup } from './present.js';
import { makeToken, WINDOW_MS, windowAt } from './qr-token.js';
import { scan, verifiedToken } from './scan.js';

const ScanBody = z.object({
  token: z.string().min(1).max(200),
  position: z.object({ lng: z.number().min(-180).max(180), lat: z.number().min(-90).max(90) }).optional(),
});

/** The rotating QR code on the organiser's screen, and the participants' scans. */
export function checkinRoutes(app: App, services: Services) {
  const { db } = services.database;

  app.get(
    '/api/activities/:id/qr',
    {
      config: { policy: rolesIn(MAY_ORGANISE, organiserSubject(db)) },
      schema: {
        tags: ['activities'],
        summary: 'The current check-in (or check-out) token; it changes every 30 s — fetch again after refreshInMs',
        params: IdParam,
        querystring: z.object({ purpose: z.enum(SCAN_PURPOSES).default('in') }),
      },
    },
    async (req) => {
      const a = (await loadActivity(db, req.params.id))!;
      if (a.status !== 'published' && a.status !== 'started') throw new AppError(409, 'activity_not_open', 'the activity is not under way', undefined, { status: a.status });
      const now = activityClock.now();
      const w = windowAt(now);
      return {
        token: makeToken(services.crypto, a.id, w, req.query.purpose),
        purpose: req.query.purpose,
        window: w,
        refreshInMs: (w + 1) * WINDOW_MS - now,
        // Accepted during this window and the next one.
        validUntil: new Date((w + 2) * WINDOW_MS).toISOString(),
      };
    },
  );

  // The token names the activity; its scope is checked once the token proved authentic (a forged one: 400).
  const tokenActivity = (req: FastifyRequest) => verifiedToken(services.crypto, (req.body as z.infer<typeof ScanBody>).token).activityId;

  app.post(
    '/api/activities/scan',
    {
      config: { policy: rolesIn(PARTICIPANTS, participantSubject(db, tokenActivity)), action: 'activities.scan' },
      schema: { tags: ['activities'], summary: 'Check in or out with the token of the QR code (and my position when the activity has a geofence)', body: ScanBody },
    },
    async (req) => {
      const r = await runCommand(services, req, 'activities.scan', async ({ tx, emit }) => {
        const out = await scan(tx, services.crypto, req.ctx.auth!.userId, req.body);
        const s = out.signup;
        await emit({
          type: out.purpose === 'in' ? 'activity.checked_in' : 'activity.checked_out',
          subjectId: out.activityId,
          payload: { activityId: out.activityId, userId: s.userId, at: (out.purpose === 'in' ? s.checkedInAt : s.checkedOutAt)!.toISOString(), serviceMinutes: s.serviceMinutes },
        });
        return { value: out, subjectType: 'activity', subjectId: out.activityId, detail: { purpose: out.purpose, signupId: s.id } };
      });
      return { purpose: r.purpose, signup: presentSignup(r.signup) };
    },
  );
}
