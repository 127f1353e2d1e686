import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { App } from '../../platform/http/app-types.js';
import type { Services } from '../../platform/services.js';
import { rolesIn } from '../../platform/http/policy.js';
import { runCommand } from '../../platform/http/command.js';
import { AppError } from '../../platform/errors.js';
import { ANY_PART_ROLES, CLAIMER_ROLES, COMMUNITY_ROLES, IdParam, wishSubject } from './access.js';
import { awardClaimer } from './award.js';
import { applyToWish, auditOf, communityNames } from './commands.js';
import { claimPhotos } from '../../platform/files/claim.js';
import { presentAs, viewFor } from './present.js';
import type { WishRow } from './schema.js';

/** Claiming, unclaiming, fulfilling with proof, confirming (points to the claimer) and cancelling. */
export function wishClaimRoutes(app: App, services: Services) {
  const { db } = services.database;
  /** The wish after the command, in the view the caller now has (none once they gave a claimed wish back). */
  const answer = async (req: FastifyRequest, w: WishRow) => {
    const v = viewFor(req.ctx.auth!, w);
    const names = await communityNames(db, [w.communityId]);
    return { wish: v ? presentAs(services.crypto, w, names.get(w.communityId) ?? null, v) : { id: w.id, status: w.status } };
  };

  app.post(
    '/api/wishes/:id/claim',
    {
      config: { policy: rolesIn(CLAIMER_ROLES, wishSubject(db, ['member', 'unit'])), action: 'wishes.claim' },
      schema: {
        tags: ['wishes'],
        summary: 'Claim a published wish of my community (认领), as a Party member or for my unit; one claimer: of concurrent claims exactly one wins, the others get 409',
        params: IdParam,
        body: z.object({ as: z.enum(['member', 'unit']).optional() }).default({}),
      },
    },
    async (req) => {
      const auth = req.ctx.auth!;
      const w = await runCommand(services, req, 'wishes.claim', async ({ tx }) => {
        const { before, after } = await applyToWish(tx, auth, req.params.id, 'claim', (_w, parts) => {
          // Nobody claims a wish they posted or that is for them.
          if (parts.has('poster') || parts.has('beneficiary')) throw new AppError(409, 'wish_own', 'one does not claim one’s own wish');
          const kind = req.body.as ?? (parts.has('member') ? 'member' : 'unit');
          if (!parts.has(kind)) throw new AppError(403, 'forbidden', `not a ${kind} of this community`, 'as');
          return { claimerKind: kind, claimerUserId: auth.userId, claimerName: auth.displayName, claimedAt: new Date() };
        });
        return { value: after, ...auditOf(after, before.status, { claimerKind: after.claimerKind }) };
      });
      return answer(req, w);
    },
  );

  app.post(
    '/api/wishes/:id/unclaim',
    {
      config: { policy: rolesIn([...CLAIMER_ROLES, ...COMMUNITY_ROLES], wishSubject(db, ['claimer', 'community'])), action: 'wishes.unclaim' },
      schema: { tags: ['wishes'], summary: 'Give a claimed wish back to the wall before fulfilling it (the claimer, or the community)', params: IdParam },
    },
    async (req) => {
      const w = await runCommand(services, req, 'wishes.unclaim', async ({ tx }) => {
        const { before, after } = await applyToWish(tx, req.ctx.auth!, req.params.id, 'unclaim', () => ({ claimerKind: null, claimerUserId: null, claimerName: null, claimedAt: null }));
        return { value: after, ...auditOf(after, before.status, { claimerKind: before.claimerKind }) };
      });
      return answer(req, w);
    },
  );

  app.post(
    '/api/wishes/:id/fulfil',
    {
      config: { policy: rolesIn(CLAIMER_ROLES, wishSubject(db, ['claimer'])), action: 'wishes.fulfil' },
      schema: {
        tags: ['wishes'],
        summary: 'Mark my claimed wish fulfilled, with proof photos (ids from POST /api/files) and a note',
        params: IdParam,
        body: z.object({ note: z.string().trim().min(1).max(1000), photos: z.array(z.uuid()).min(1).max(9) }),
      },
    },
    async (req) => {
      const auth = req.ctx.auth!;
      const w = await runCommand(services, req, 'wishes.fulfil', async ({ tx }) => {
        const { before, after } = await applyToWish(tx, auth, req.params.id, 'fulfil', () => ({ proofNote: req.body.note, proofPhotos: req.body.photos, fulfilledAt: new Date() }));
        await claimPhotos(tx, auth.userId, req.body.photos, { type: 'wish_proof', id: after.id }, 'photos');
        return { value: after, ...auditOf(after, before.status, { photos: req.body.photos.length }) };
      });
      return answer(req, w);
    },
  );

  app.post(
    '/api/wishes/:id/confirm',
    {
      config: { policy: rolesIn(ANY_PART_ROLES, wishSubject(db, ['beneficiary', 'community'])), action: 'wishes.confirm' },
      schema: {
        tags: ['wishes'],
        summary:
          'Confirm a fulfilled wish (the beneficiary, or the community on the family’s behalf): a member claimer earns Party points by the rule wish_claimed in the same transaction, once; a unit is recorded without points',
        params: IdParam,
      },
    },
    async (req) => {
      const auth = req.ctx.auth!;
      const w = await runCommand(services, req, 'wishes.confirm', async ({ tx }) => {
        let award = { points: 0, entryId: null as string | null, capped: false };
        const { before, after } = await applyToWish(tx, auth, req.params.id, 'confirm', async (cur) => {
          award = await awardClaimer(tx, cur, auth.userId);
          return { confirmedBy: auth.userId, confirmedAt: new Date(), pointsAwarded: award.points, pointsEntryId: award.entryId };
        });
        return { value: after, ...auditOf(after, before.status, { claimerKind: after.claimerKind, points: award.points, capped: award.capped }) };
      });
      return answer(req, w);
    },
  );

  app.post(
    '/api/wishes/:id/cancel',
    {
      config: { policy: rolesIn(ANY_PART_ROLES, wishSubject(db, ['poster', 'community'])), action: 'wishes.cancel' },
      schema: {
        tags: ['wishes'],
        summary: 'Cancel a wish: its poster until it is claimed, the community until it is fulfilled',
        params: IdParam,
        body: z.object({ reason: z.string().trim().min(1).max(500).optional() }).default({}),
      },
    },
    async (req) => {
      const w = await runCommand(services, req, 'wishes.cancel', async ({ tx }) => {
        const { before, after } = await applyToWish(tx, req.ctx.auth!, req.params.id, 'cancel', () => ({ cancelReason: req.body.reason ?? null }));
        return { value: after, ...auditOf(after, before.status) };
      });
      return answer(req, w);
    },
  );
}
