import { and, asc, eq } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { App } from '../../platform/http/app-types.js';
import type { Services } from '../../platform/services.js';
import { rolesIn, scopeRootsFor } from '../../platform/http/policy.js';
import { runCommand } from '../../platform/http/command.js';
import { pathInRoots } from '../../platform/access/scope.js';
import { AppError, badRequest, notFound } from '../../platform/errors.js';
import { validatePhone } from '../../platform/pii/id-number.js';
import { IdParam, MERCHANT_APPROVERS, MERCHANTS, merchantOfUser, merchantSubject } from './access.js';
import { presentMerchant } from './present.js';
import { storeMerchants } from './schema.js';
import { STORE_MERCHANT_STATUSES } from './lists.js';

const ProfileBody = z.object({
  name: z.string().trim().min(1).max(100),
  address: z.string().trim().min(1).max(200),
  openingHours: z.string().trim().max(100).default(''),
  phone: z.string().trim().max(30).nullable().optional(),
  /** The merchant grant the profile belongs to, when the caller holds several. */
  regionId: z.uuid().optional(),
});

/** A merchant's own profile, and the community's list and decisions (approve, suspend). */
export function storeMerchantRoutes(app: App, services: Services) {
  const { db } = services.database;
  const { crypto } = services;

  app.get(
    '/api/store/merchant',
    {
      config: { policy: rolesIn(MERCHANTS) },
      schema: { tags: ['store'], summary: "The caller's merchant profile (null before it is created)" },
    },
    async (req) => {
      const m = await merchantOfUser(db, req.ctx.auth!.userId);
      return { merchant: m ? presentMerchant(crypto, m) : null };
    },
  );

  app.post(
    '/api/store/merchant',
    {
      config: { policy: rolesIn(MERCHANTS), action: 'store.merchant_save' },
      schema: { tags: ['store'], summary: 'Create or change the caller’s merchant profile (name, address, opening hours, phone); a new profile waits for approval', body: ProfileBody },
    },
    async (req) => {
      const auth = req.ctx.auth!;
      const b = req.body;
      const grants = auth.grants.filter((g) => g.role === 'merchant');
      let phoneEnc: string | null | undefined;
      if (b.phone === null || b.phone === '') phoneEnc = null;
      else if (b.phone !== undefined) {
        const v = validatePhone(b.phone);
        if (!v.ok) throw badRequest('phone_invalid', 'phone');
        phoneEnc = crypto.encrypt(v.normalized, 'store_merchants.phone');
      }
      const m = await runCommand(services, req, 'store.merchant_save', async ({ tx }) => {
        const existing = await merchantOfUser(tx, auth.userId);
        const grant = b.regionId ? grants.find((g) => g.regionId === b.regionId) : existing ? grants.find((g) => g.regionId === existing.regionId) ?? grants[0] : grants[0];
        if (!grant) throw badRequest('store_region_not_granted', 'regionId');
        const fields = { name: b.name, address: b.address, openingHours: b.openingHours, regionId: grant.regionId, regionPath: grant.regionPath, updatedAt: new Date() };
        const [row] = existing
          ? await tx
              .update(storeMerchants)
              .set({ ...fields, ...(phoneEnc !== undefined ? { phoneEnc } : {}) })
              .where(eq(storeMerchants.id, existing.id))
              .returning()
          : await tx
              .insert(storeMerchants)
              .values({ ...fields, cityId: auth.cityId, userId: auth.userId, phoneEnc: phoneEnc ?? null })
              .onConflictDoNothing({ target: storeMerchants.userId })
              .returning();
        if (!row) throw new AppError(409, 'store_merchant_changed', 'the profile was created meanwhile; reload');
        return {
          value: row,
          subjectType: 'store_merchant',
          subjectId: row.id,
          cityId: row.cityId,
          regionPath: row.regionPath,
          detail: { created: !existing, status: row.status, phone: phoneEnc === undefined ? 'kept' : phoneEnc ? 'set' : 'cleared' },
        };
      });
      return { merchant: presentMerchant(crypto, m) };
    },
  );

  app.get(
    '/api/store/merchants',
    {
      config: { policy: rolesIn(MERCHANT_APPROVERS) },
      schema: {
        tags: ['store'],
        summary: 'Merchants in the caller’s area, optionally by status',
        querystring: z.object({ status: z.enum(STORE_MERCHANT_STATUSES).optional() }),
      },
    },
    async (req) => {
      const roots = scopeRootsFor(req, MERCHANT_APPROVERS);
      const rows = await db
        .select()
        .from(storeMerchants)
        .where(and(pathInRoots(storeMerchants.regionPath, roots), req.query.status ? eq(storeMerchants.status, req.query.status) : undefined))
        .orderBy(asc(storeMerchants.createdAt), asc(storeMerchants.id))
        .limit(500);
      return { items: rows.map((m) => presentMerchant(crypto, m)) };
    },
  );

  /** Sets a merchant's status (approve from pending or suspended; suspend with a reason), audited. */
  const decide = (req: FastifyRequest, id: string, to: 'approved' | 'suspended', reason: string | null) =>
    runCommand(services, req, to === 'approved' ? 'store.merchant_approve' : 'store.merchant_suspend', async ({ tx, actor }) => {
      const [m] = await tx.select().from(storeMerchants).where(eq(storeMerchants.id, id)).for('update');
      if (!m) throw notFound('store_merchant');
      const now = new Date();
      const [row] = await tx
        .update(storeMerchants)
        .set({ status: to, statusReason: reason, decidedBy: actor?.userId ?? null, decidedAt: now, updatedAt: now })
        .where(eq(storeMerchants.id, m.id))
        .returning();
      return { value: row!, subjectType: 'store_merchant', subjectId: m.id, cityId: m.cityId, regionPath: m.regionPath, detail: { from: m.status, to } };
    });

  app.post(
    '/api/store/merchants/:id/approve',
    {
      config: { policy: rolesIn(MERCHANT_APPROVERS, merchantSubject(db)), action: 'store.merchant_approve' },
      schema: { tags: ['store'], summary: 'Approve a merchant (or lift a suspension): its active goods show in the catalogue', params: IdParam },
    },
    async (req) => ({ merchant: presentMerchant(crypto, await decide(req, req.params.id, 'approved', null)) }),
  );

  app.post(
    '/api/store/merchants/:id/suspend',
    {
      config: { policy: rolesIn(MERCHANT_APPROVERS, merchantSubject(db)), action: 'store.merchant_suspend' },
      schema: {
        tags: ['store'],
        summary: 'Suspend a merchant with a reason: its goods leave the catalogue and its codes cannot be honoured',
        params: IdParam,
        body: z.object({ reason: z.string().trim().min(1).max(500) }),
      },
    },
    async (req) => ({ merchant: presentMerchant(crypto, await decide(req, req.params.id, 'suspended', req.body.reason)) }),
  );
}
