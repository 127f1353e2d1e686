import type { App } from '../../platform/http/app-types.js';
import type { Services } from '../../platform/services.js';
import { rolesIn } from '../../platform/http/policy.js';
import { runCommand } from '../../platform/http/command.js';
import { IdParam, PARTICIPANTS, participantSubject } from './access.js';
import { presentSignup } from './present.js';
import { waitingPosition } from './queries.js';
import { cancelSignup, signUp } from './signups.js';
import { z } from 'zod';

/** Signing up (a place or the waiting list) and cancelling (the first waiting takes the place). */
export function signupRoutes(app: App, services: Services) {
  const { db } = services.database;

  app.post(
    '/api/activities/:id/signup',
    {
      config: { policy: rolesIn(PARTICIPANTS, participantSubject(db)), action: 'activities.signup' },
      schema: { tags: ['activities'], summary: 'Sign up: a place while there is one, else the waiting list', params: IdParam, body: z.object({}).optional() },
    },
    async (req, reply) => {
      const s = await runCommand(services, req, 'activities.signup', async ({ tx, emit }) => {
        const row = await signUp(tx, req.ctx.auth!, req.params.id);
        await emit({ type: 'activity.signed_up', subjectId: row.activityId, payload: { activityId: row.activityId, userId: row.userId, status: row.status } });
        return { value: row, subjectType: 'activity', subjectId: row.activityId, detail: { signupId: row.id, status: row.status } };
      });
      return reply.code(201).send({ signup: presentSignup(s, s.status === 'waiting' ? await waitingPosition(db, s) : null) });
    },
  );

  app.delete(
    '/api/activities/:id/signup',
    {
      config: { policy: rolesIn(PARTICIPANTS, participantSubject(db)), action: 'activities.signup_cancel' },
      schema: { tags: ['activities'], summary: 'Cancel my sign-up; a freed place goes to the first on the waiting list', params: IdParam },
    },
    async (req) => {
      const r = await runCommand(services, req, 'activities.signup_cancel', async ({ tx, emit }) => {
        const out = await cancelSignup(tx, req.ctx.auth!.userId, req.params.id);
        if (out.promoted) {
          await emit({ type: 'activity.promoted', subjectId: req.params.id, payload: { activityId: req.params.id, userId: out.promoted.userId } });
        }
        return { value: out, subjectType: 'activity', subjectId: req.params.id, detail: { signupId: out.cancelled.id, promotedSignupId: out.promoted?.id ?? null } };
      });
      return { signup: presentSignup(r.cancelled), promotedUserId: r.promoted?.userId ?? null };
    },
  );
}
