import { and, desc, eq, lt } from 'drizzle-orm';
import { z } from 'zod';
import type { App } from '../../platform/http/app-types.js';
import type { Services } from '../../platform/services.js';
import { rolesIn } from '../../platform/http/policy.js';
import { runCommand } from '../../platform/http/command.js';
import { AppError, badRequest } from '../../platform/errors.js';
import { users } from '../../platform/auth/schema.js';
import { newId } from '../../platform/db/columns.js';
import { IdParam, itemShopperSubject, merchantOfUser, MERCHANTS, redemptionSubject, requireMyMerchant, SHOPPERS } from './access.js';
import { normaliseCode } from './codes.js';
import { presentRedemption } from './present.js';
import { cancelRedemption, honour, redeem } from './redemptions.js';
import { storeItems, storeRedemptions } from './schema.js';
import { STORE_REDEMPTION_STATUSES } from './lists.js';

const KeyHeader = z.object({ 'idempotency-key': z.string().trim().min(8).max(100).optional() }).passthrough();
const ListQuery = z.object({
  status: z.enum(STORE_REDEMPTION_STATUSES).optional(),
  /** Keyset paging: the `id` of the last row of the previous page. */
  before: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** Redeeming, the resident's and the merchant's redemption lists, cancelling, honouring a code. */
export function storeRedemptionRoutes(app: App, services: Services) {
  const { db } = services.database;
  const { crypto } = services;

  app.post(
    '/api/store/items/:id/redeem',
    {
      config: { policy: rolesIn(SHOPPERS, itemShopperSubject(db)), action: 'store.redeem' },
      schema: {
        tags: ['store'],
        summary: 'Redeem one unit for credit points; send Idempotency-Key (or idempotencyKey) so that a retry returns the same redemption and code',
        params: IdParam,
        headers: KeyHeader,
        body: z.object({ idempotencyKey: z.string().trim().min(8).max(100).optional() }).nullish(),
      },
    },
    async (req, reply) => {
      const header = req.headers['idempotency-key'] as string | undefined;
      const bodyKey = req.body?.idempotencyKey;
      if (header && bodyKey && header.trim() !== bodyKey) throw badRequest('idempotency_key_mismatch', 'idempotencyKey');
      // Without a key the request is not retry-safe: it gets a key of its own.
      const key = bodyKey ?? header?.trim() ?? `auto:${newId()}`;
      const auth = req.ctx.auth!;
      const out = await runCommand(services, req, 'store.redeem', async ({ tx }) => {
        const r = await redeem(tx, crypto, auth, req.params.id, key);
        return {
          value: r,
          subjectType: 'store_redemption',
          subjectId: r.redemption.id,
          cityId: r.redemption.cityId,
          regionPath: r.redemption.regionPath,
          detail: { itemId: r.redemption.itemId, price: r.redemption.price, replayed: r.replayed },
        };
      });
      reply.code(out.replayed ? 200 : 201);
      return { redemption: { ...presentRedemption(crypto, out.redemption, { withCode: true }), code: out.code }, balance: out.balance, replayed: out.replayed };
    },
  );

  app.get(
    '/api/store/redemptions/mine',
    {
      config: { policy: rolesIn(SHOPPERS) },
      schema: { tags: ['store'], summary: 'The caller’s redemptions, newest first, with the code of each open one', querystring: ListQuery },
    },
    async (req) => {
      const q = req.query;
      const rows = await db
        .select({ r: storeRedemptions, title: storeItems.title })
        .from(storeRedemptions)
        .innerJoin(storeItems, eq(storeItems.id, storeRedemptions.itemId))
        .where(
          and(
            eq(storeRedemptions.userId, req.ctx.auth!.userId),
            q.status ? eq(storeRedemptions.status, q.status) : undefined,
            q.before ? lt(storeRedemptions.id, q.before) : undefined,
          ),
        )
        .orderBy(desc(storeRedemptions.id))
        .limit(q.limit);
      return { items: rows.map((x) => presentRedemption(crypto, x.r, { withCode: true, itemTitle: x.title })) };
    },
  );

  app.post(
    '/api/store/redemptions/:id/cancel',
    {
      config: { policy: rolesIn([...SHOPPERS, ...MERCHANTS], redemptionSubject(db)), action: 'store.cancel' },
      schema: {
        tags: ['store'],
        summary: 'Cancel an open redemption (its holder or the merchant): the points and the unit come back; cancelling again changes nothing',
        params: IdParam,
      },
    },
    async (req) => {
      const auth = req.ctx.auth!;
      const out = await runCommand(services, req, 'store.cancel', async ({ tx }) => {
        const [r] = await tx.select({ userId: storeRedemptions.userId }).from(storeRedemptions).where(eq(storeRedemptions.id, req.params.id));
        const by = r?.userId === auth.userId ? 'resident' : 'merchant';
        const c = await cancelRedemption(tx, req.params.id, by, auth.userId);
        return {
          value: c,
          subjectType: 'store_redemption',
          subjectId: c.redemption.id,
          cityId: c.redemption.cityId,
          regionPath: c.redemption.regionPath,
          detail: { by, replayed: c.replayed },
        };
      });
      return { redemption: presentRedemption(crypto, out.redemption, { withCode: out.redemption.userId === auth.userId }), replayed: out.replayed };
    },
  );

  app.post(
    '/api/store/honour',
    {
      config: { policy: rolesIn(MERCHANTS), action: 'store.honour' },
      schema: {
        tags: ['store'],
        summary: 'Honour a redemption code (typed or scanned) of one of the caller’s items; a second honour is refused (409)',
        body: z.object({ code: z.string().trim().min(1).max(40) }),
      },
    },
    async (req) => {
      const code = normaliseCode(req.body.code);
      if (!code) throw badRequest('store_code_invalid', 'code');
      const auth = req.ctx.auth!;
      const row = await runCommand(services, req, 'store.honour', async ({ tx }) => {
        const m = await requireMyMerchant(tx, auth);
        if (m.status !== 'approved') throw new AppError(409, 'store_merchant_not_approved', 'the merchant is not approved');
        const r = await honour(tx, crypto, m.id, auth.userId, code);
        return { value: r, subjectType: 'store_redemption', subjectId: r.id, cityId: r.cityId, regionPath: m.regionPath, detail: { itemId: r.itemId, price: r.price } };
      });
      const [item] = await db.select({ title: storeItems.title }).from(storeItems).where(eq(storeItems.id, row.itemId));
      return { redemption: presentRedemption(crypto, row, { withCode: false, itemTitle: item?.title }) };
    },
  );

  app.get(
    '/api/store/merchant/redemptions',
    {
      config: { policy: rolesIn(MERCHANTS) },
      schema: { tags: ['store'], summary: 'Redemptions of the caller’s items, newest first (holders’ names masked, no codes)', querystring: ListQuery },
    },
    async (req) => {
      const m = await merchantOfUser(db, req.ctx.auth!.userId);
      if (!m) return { items: [] };
      const q = req.query;
      const rows = await db
        .select({ r: storeRedemptions, title: storeItems.title, holder: users.displayName })
        .from(storeRedemptions)
        .innerJoin(storeItems, eq(storeItems.id, storeRedemptions.itemId))
        .innerJoin(users, eq(users.id, storeRedemptions.userId))
        .where(
          and(
            eq(storeRedemptions.merchantId, m.id),
            q.status ? eq(storeRedemptions.status, q.status) : undefined,
            q.before ? lt(storeRedemptions.id, q.before) : undefined,
          ),
        )
        .orderBy(desc(storeRedemptions.id))
        .limit(q.limit);
      return { items: rows.map((x) => presentRedemption(crypto, x.r, { withCode: false, itemTitle: x.title, holderName: x.holder })) };
    },
  );
}

