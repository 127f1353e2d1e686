import { and, desc, eq, inArray, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { App } from '../../platform/http/app-types.js';
import type { Services } from '../../platform/services.js';
import { authenticated, rolesIn } from '../../platform/http/policy.js';
import { runCommand } from '../../platform/http/command.js';
import { AppError, badRequest } from '../../platform/errors.js';
import { inSubtree } from '../../platform/access/scope.js';
import type { AuthState } from '../../platform/http/context.js';
import { newId } from '../../platform/db/columns.js';
import { claimPhotos } from '../../platform/files/claim.js';
import { regionById } from '../regions/queries.js';
import { COMMUNITY_ROLES, SELF_POSTER_ROLES, areaRoot, yuanToFen } from './access.js';
import { BeneficiaryInput, checkBeneficiary, sealBeneficiary } from './beneficiary.js';
import { communityNames } from './commands.js';
import { WISH_CATEGORIES, WISH_POSTED_AS, WISH_STATUSES } from './lists.js';
import { presentAs, viewFor } from './present.js';
import { wishes, type WishRow } from './schema.js';

/** A deadline date (Asia/Shanghai) → the end of that day; 400 naming `deadline` when it is not a date, past, or more than a year ahead. */
export function deadlineOf(date: string, now = new Date()): Date {
  const d = new Date(`${date}T23:59:59.999+08:00`);
  const [y, m, day] = date.split('-').map(Number) as [number, number, number];
  const check = new Date(Date.UTC(y, m - 1, day));
  if (Number.isNaN(d.getTime()) || check.getUTCMonth() !== m - 1 || check.getUTCDate() !== day) throw badRequest('validation', 'deadline', { detail: 'not a date' });
  if (d.getTime() <= now.getTime()) throw badRequest('wish_deadline_past', 'deadline');
  if (d.getTime() > now.getTime() + 366 * 24 * 3600_000) throw badRequest('wish_deadline_far', 'deadline');
  return d;
}

/** How the caller may post at a region: for themself (a resident or member living under it), for a family (the community), or not at all. */
function postingParts(auth: AuthState, regionPath: string) {
  const self = auth.grants.some((g) => SELF_POSTER_ROLES.includes(g.role) && inSubtree(g.regionPath, regionPath) && inSubtree(regionPath, areaRoot(g.regionPath)));
  const community = auth.grants.some((g) => COMMUNITY_ROLES.includes(g.role) && inSubtree(regionPath, g.regionPath));
  return { self, community };
}

const PostBody = z.object({
  /** The beneficiary's community or grid. */
  regionId: z.uuid(),
  postedAs: z.enum(WISH_POSTED_AS).optional(),
  title: z.string().trim().min(1).max(60),
  story: z.string().trim().min(1).max(2000),
  category: z.enum(WISH_CATEGORIES),
  estimatedValueYuan: z.number().positive().max(100_000),
  photos: z.array(z.uuid()).max(9).default([]),
  minor: z.boolean().default(false),
  hardship: z.boolean().default(false),
  deadline: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  beneficiary: BeneficiaryInput.optional(),
});

export function wishPostRoutes(app: App, services: Services) {
  const { db } = services.database;

  app.post(
    '/api/wishes',
    {
      config: {
        policy: rolesIn([...SELF_POSTER_ROLES, ...COMMUNITY_ROLES], async (req) => {
          const r = await regionById(db, (req.body as { regionId: string }).regionId);
          if (!r || r.cityId !== req.ctx.auth!.cityId) return null;
          const can = postingParts(req.ctx.auth!, r.path);
          const ok = can.self || can.community;
          return { regionPath: r.path, allowed: ok, denied: !ok };
        }),
        action: 'wishes.post',
      },
      schema: {
        tags: ['wishes'],
        summary:
          'Post a micro-wish: a resident or member for themself, or the community on a family’s behalf (postedAs community, beneficiary required). Photos are ids from POST /api/files.',
        body: PostBody,
      },
    },
    async (req, reply) => {
      const auth = req.ctx.auth!;
      const b = req.body;
      const region = (await regionById(db, b.regionId))!;
      if (region.level !== 'community' && region.level !== 'grid') throw badRequest('wish_region_level', 'regionId');
      const can = postingParts(auth, region.path);
      const postedAs = b.postedAs ?? (can.self ? 'self' : 'community');
      if (postedAs === 'self' && !can.self) throw new AppError(403, 'forbidden', 'only residents living here post for themselves', 'postedAs');
      if (postedAs === 'community' && !can.community) throw new AppError(403, 'forbidden', 'only the community posts on a family’s behalf', 'postedAs');
      if (postedAs === 'community' && !b.beneficiary) throw badRequest('validation', 'beneficiary', { detail: 'describe the family the wish is for' });
      const beneficiary = checkBeneficiary(b.beneficiary ?? { name: auth.displayName });
      const deadline = deadlineOf(b.deadline);
      const communityId = region.level === 'community' ? region.id : region.parentId!;
      const wish = await runCommand(services, req, 'wishes.post', async ({ tx }) => {
        const id = newId();
        const [w] = await tx
          .insert(wishes)
          .values({
            id,
            cityId: region.cityId,
            regionId: region.id,
            regionPath: region.path,
            communityId,
            postedBy: auth.userId,
            postedAs,
            beneficiaryUserId: postedAs === 'self' ? auth.userId : null,
            beneficiaryEnc: sealBeneficiary(services.crypto, id, beneficiary),
            title: b.title,
            story: b.story,
            category: b.category,
            estimatedValueFen: yuanToFen(b.estimatedValueYuan),
            photos: b.photos,
            minor: b.minor,
            hardship: b.hardship,
            deadline,
          })
          .returning();
        await claimPhotos(tx, auth.userId, b.photos, { type: 'wish', id }, 'photos');
        return { value: w!, subjectType: 'wish', subjectId: id, cityId: w!.cityId, regionPath: w!.regionPath, detail: { postedAs, category: b.category, photos: b.photos.length } };
      });
      const names = await communityNames(db, [wish.communityId]);
      return reply.code(201).send({ wish: presentAs(services.crypto, wish, names.get(wish.communityId) ?? null, viewFor(auth, wish)!) });
    },
  );

  app.get(
    '/api/wishes/mine',
    {
      config: { policy: authenticated() },
      schema: {
        tags: ['wishes'],
        summary: 'My wishes: those I posted (as=poster, the default) or those I claimed (as=claimer), newest first',
        querystring: z.object({
          as: z.enum(['poster', 'claimer']).default('poster'),
          status: z
            .string()
            .optional()
            .refine((v) => v === undefined || v.split(',').every((x) => (WISH_STATUSES as readonly string[]).includes(x)), 'unknown status'),
          page: z.coerce.number().int().min(1).default(1),
          pageSize: z.coerce.number().int().min(1).max(100).default(20),
        }),
      },
    },
    async (req) => {
      const auth = req.ctx.auth!;
      const q = req.query;
      const where: SQL[] = [eq(wishes.cityId, auth.cityId), q.as === 'claimer' ? eq(wishes.claimerUserId, auth.userId) : eq(wishes.postedBy, auth.userId)];
      if (q.status) where.push(inArray(wishes.status, q.status.split(',') as WishRow['status'][]));
      const rows = await db.select().from(wishes).where(and(...where)).orderBy(desc(wishes.createdAt)).limit(q.pageSize).offset((q.page - 1) * q.pageSize);
      const names = await communityNames(db, rows.map((r) => r.communityId));
      return {
        items: rows.flatMap((w) => {
          const v = viewFor(auth, w);
          return v ? [presentAs(services.crypto, w, names.get(w.communityId) ?? null, v)] : [];
        }),
        page: q.page,
        pageSize: q.pageSize,
      };
    },
  );
}
