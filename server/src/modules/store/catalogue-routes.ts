import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { App } from '../../platform/http/app-types.js';
import type { Services } from '../../platform/services.js';
import { rolesIn } from '../../platform/http/policy.js';
import { balanceOf } from '../points/ledger.js';
import { homePaths, SHOPPERS } from './access.js';
import { presentItem, presentMerchant } from './present.js';
import { storeItemRegions, storeItems, storeMerchants } from './schema.js';
import { STORE_ITEM_KINDS } from './lists.js';

/** The resident's catalogue: active items of approved merchants offered where the caller lives, with stock. */
export function storeCatalogueRoutes(app: App, services: Services) {
  const { db } = services.database;
  const { crypto } = services;

  app.get(
    '/api/store/catalogue',
    {
      config: { policy: rolesIn(SHOPPERS) },
      schema: {
        tags: ['store'],
        summary: 'Goods, meal discounts and services on offer where the caller lives, with stock and the caller’s credit balance',
        querystring: z.object({ kind: z.enum(STORE_ITEM_KINDS).optional() }),
      },
    },
    async (req) => {
      const auth = req.ctx.auth!;
      const homes = homePaths(auth);
      // An item is offered at a home when one of its regions is a prefix of the home's path (the home lies in its subtree).
      const under = homes.length
        ? sql.join(
            homes.map((h) => sql`starts_with(${h}, ${storeItemRegions.regionPath})`),
            sql` or `,
          )
        : sql`false`;
      const offered = db.selectDistinct({ itemId: storeItemRegions.itemId }).from(storeItemRegions).where(under);
      const rows = await db
        .select({ i: storeItems, m: storeMerchants })
        .from(storeItems)
        .innerJoin(storeMerchants, eq(storeMerchants.id, storeItems.merchantId))
        .where(
          and(
            eq(storeItems.active, true),
            eq(storeMerchants.status, 'approved'),
            inArray(storeItems.id, offered),
            req.query.kind ? eq(storeItems.kind, req.query.kind) : undefined,
          ),
        )
        .orderBy(asc(storeMerchants.name), asc(storeItems.title), asc(storeItems.id))
        .limit(500);
      const merchants = new Map(rows.map((x) => [x.m.id, x.m]));
      return {
        balance: await balanceOf(db, 'credit', auth.userId),
        items: rows.map((x) => {
          const { offeredRegionIds: _where, active: _active, ...item } = presentItem(x.i, []);
          return { ...item, merchantName: x.m.name, soldOut: x.i.stock === 0 };
        }),
        merchants: [...merchants.values()].map((m) => {
          const p = presentMerchant(crypto, m);
          return { id: p.id, name: p.name, address: p.address, openingHours: p.openingHours, phoneMasked: p.phoneMasked };
        }),
      };
    },
  );
}
