import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { App } from '../../platform/http/app-types.js';
import type { Services } from '../../platform/services.js';
import { rolesIn, scopeRootsFor } from '../../platform/http/policy.js';
import { pathInRoots } from '../../platform/access/scope.js';
import { runCommand } from '../../platform/http/command.js';
import { badRequest } from '../../platform/errors.js';
import { COMMUNITY_ROLES, IdParam, wishSubject } from './access.js';
import { applyToWish, auditOf, communityNames } from './commands.js';
import { WISH_STATUSES } from './lists.js';
import { isProtected, presentFull } from './present.js';
import { wishes, type WishRow } from './schema.js';

const PublicText = z.object({
  publicTitle: z.string().trim().min(1).max(60).optional(),
  publicStory: z.string().trim().min(1).max(2000).optional(),
  handoverNote: z.string().trim().min(1).max(300).optional(),
});
type PublicText = z.infer<typeof PublicText>;

const textChanges = (b: PublicText): Partial<WishRow> => ({
  ...(b.publicTitle !== undefined ? { publicTitle: b.publicTitle } : {}),
  ...(b.publicStory !== undefined ? { publicStory: b.publicStory } : {}),
  ...(b.handoverNote !== undefined ? { handoverNote: b.handoverNote } : {}),
});

/** The community's queue and decisions: verify (with the public text), reject, edit the public text, publish. */
export function wishReviewRoutes(app: App, services: Services) {
  const { db } = services.database;
  const community = rolesIn(COMMUNITY_ROLES, wishSubject(db, ['community']));
  const full = async (w: WishRow) => presentFull(services.crypto, w, (await communityNames(db, [w.communityId])).get(w.communityId) ?? null, ['community']);

  app.get(
    '/api/wishes/queue',
    {
      config: { policy: rolesIn(COMMUNITY_ROLES) },
      schema: {
        tags: ['wishes'],
        summary: 'The community’s queue: wishes under my area by state (default: submitted), oldest first, in full',
        querystring: z.object({
          status: z.enum(WISH_STATUSES).default('submitted'),
          page: z.coerce.number().int().min(1).default(1),
          pageSize: z.coerce.number().int().min(1).max(100).default(20),
        }),
      },
    },
    async (req) => {
      const q = req.query;
      const roots = scopeRootsFor(req, COMMUNITY_ROLES);
      const rows = await db
        .select()
        .from(wishes)
        .where(and(eq(wishes.cityId, req.ctx.auth!.cityId), eq(wishes.status, q.status), pathInRoots(wishes.regionPath, roots)))
        .orderBy(asc(wishes.createdAt))
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize);
      const names = await communityNames(db, rows.map((r) => r.communityId));
      return { items: rows.map((w) => presentFull(services.crypto, w, names.get(w.communityId) ?? null, ['community'])), page: q.page, pageSize: q.pageSize };
    },
  );

  app.post(
    '/api/wishes/:id/verify',
    {
      config: { policy: community, action: 'wishes.verify' },
      schema: { tags: ['wishes'], summary: 'Verify a submitted wish, optionally writing its public text and hand-over note', params: IdParam, body: PublicText },
    },
    async (req) => {
      const auth = req.ctx.auth!;
      const w = await runCommand(services, req, 'wishes.verify', async ({ tx }) => {
        const { before, after } = await applyToWish(tx, auth, req.params.id, 'verify', () => ({ ...textChanges(req.body), verifiedBy: auth.userId, verifiedAt: new Date() }));
        return { value: after, ...auditOf(after, before.status) };
      });
      return { wish: await full(w) };
    },
  );

  app.post(
    '/api/wishes/:id/reject',
    {
      config: { policy: community, action: 'wishes.reject' },
      schema: { tags: ['wishes'], summary: 'Reject a wish with a reason (shown to the poster)', params: IdParam, body: z.object({ reason: z.string().trim().min(1).max(500) }) },
    },
    async (req) => {
      const w = await runCommand(services, req, 'wishes.reject', async ({ tx }) => {
        const { before, after } = await applyToWish(tx, req.ctx.auth!, req.params.id, 'reject', () => ({ rejectReason: req.body.reason }));
        return { value: after, ...auditOf(after, before.status) };
      });
      return { wish: await full(w) };
    },
  );

  app.patch(
    '/api/wishes/:id/public-text',
    {
      config: { policy: community, action: 'wishes.edit_public' },
      schema: { tags: ['wishes'], summary: 'Edit the text the wish wall shows, and the hand-over note (until the wish is claimed)', params: IdParam, body: PublicText },
    },
    async (req) => {
      const changes = textChanges(req.body);
      if (!Object.keys(changes).length) throw badRequest('validation', 'publicTitle', { detail: 'nothing to change' });
      const w = await runCommand(services, req, 'wishes.edit_public', async ({ tx }) => {
        const { before, after } = await applyToWish(tx, req.ctx.auth!, req.params.id, 'edit_public', () => changes);
        return { value: after, ...auditOf(after, before.status, { fields: Object.keys(changes) }) };
      });
      return { wish: await full(w) };
    },
  );

  app.post(
    '/api/wishes/:id/publish',
    {
      config: { policy: community, action: 'wishes.publish' },
      schema: {
        tags: ['wishes'],
        summary: 'Publish a verified wish on the wish wall; a minor’s or a hardship family’s wish needs its public text first',
        params: IdParam,
      },
    },
    async (req) => {
      const w = await runCommand(services, req, 'wishes.publish', async ({ tx }) => {
        const { before, after } = await applyToWish(tx, req.ctx.auth!, req.params.id, 'publish', (cur) => {
          if (isProtected(cur) && (!cur.publicTitle || !cur.publicStory)) throw badRequest('wish_public_text_required', cur.publicTitle ? 'publicStory' : 'publicTitle');
          return { publishedAt: new Date() };
        });
        return { value: after, ...auditOf(after, before.status) };
      });
      return { wish: await full(w) };
    },
  );
}
