import { and, asc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { App } from '../../platform/http/app-types.js';
import type { Services } from '../../platform/services.js';
import type { Tx } from '../../platform/db/client.js';
import { rolesIn } from '../../platform/http/policy.js';
import { runCommand } from '../../platform/http/command.js';
import { inSubtree } from '../../platform/access/scope.js';
import { badRequest, notFound } from '../../platform/errors.js';
import { claimPhotos } from '../../platform/files/claim.js';
import type { DbOrTx } from '../../platform/db/client.js';
import { regions } from '../regions/schema.js';
import { IdParam, merchantOfUser, MERCHANTS, ownItemSubject, requireMyMerchant, type MerchantRow } from './access.js';
import { presentItem } from './present.js';
import { storeItemRegions, storeItems } from './schema.js';
import { STORE_ITEM_KINDS } from './lists.js';

const ItemFields = {
  kind: z.enum(STORE_ITEM_KINDS),
  title: z.string().trim().min(1).max(100),
  description: z.string().trim().max(2000),
  photoFileId: z.uuid().nullable(),
  price: z.number().int().min(1).max(1_000_000),
  /** null: unlimited (services). */
  stock: z.number().int().min(0).max(1_000_000).nullable(),
  perResidentLimit: z.number().int().min(1).max(1000).nullable(),
  active: z.boolean(),
  /** Where it is offered (regions in the merchant's subtree); default the merchant's own region. */
  regionIds: z.array(z.uuid()).min(1).max(50),
};
const CreateBody = z.object({
  ...ItemFields,
  description: ItemFields.description.default(''),
  photoFileId: ItemFields.photoFileId.optional(),
  stock: ItemFields.stock.optional(),
  perResidentLimit: ItemFields.perResidentLimit.optional(),
  active: ItemFields.active.default(true),
  regionIds: ItemFields.regionIds.optional(),
});
const PatchBody = z.object(ItemFields).partial();

/** Checks the offering regions: each in the merchant's subtree (400 `store_region_outside` naming `regionIds`). */
async function offeringRegions(tx: Tx, m: MerchantRow, ids: readonly string[] | undefined) {
  if (!ids) return [{ id: m.regionId, path: m.regionPath }];
  const unique = [...new Set(ids)];
  const rows = await tx.select({ id: regions.id, path: regions.path }).from(regions).where(inArray(regions.id, unique));
  if (rows.length !== unique.length || rows.some((r) => !inSubtree(r.path, m.regionPath))) throw badRequest('store_region_outside', 'regionIds');
  return rows;
}


async function setOffering(tx: Tx, itemId: string, rows: ReadonlyArray<{ id: string; path: string }>) {
  await tx.delete(storeItemRegions).where(eq(storeItemRegions.itemId, itemId));
  await tx.insert(storeItemRegions).values(rows.map((r) => ({ itemId, regionId: r.id, regionPath: r.path })));
}

const regionIdsOf = async (tx: DbOrTx, itemId: string) =>
  (await tx.select({ id: storeItemRegions.regionId }).from(storeItemRegions).where(eq(storeItemRegions.itemId, itemId))).map((r) => r.id);

/** The merchant's own goods: list, create, change (including stock and the active flag). */
export function storeItemRoutes(app: App, services: Services) {
  const { db } = services.database;

  app.get(
    '/api/store/merchant/items',
    { config: { policy: rolesIn(MERCHANTS) }, schema: { tags: ['store'], summary: 'The caller’s own goods, active or not (none before the profile exists)' } },
    async (req) => {
      const m = await merchantOfUser(db, req.ctx.auth!.userId);
      if (!m) return { items: [] };
      const rows = await db.select().from(storeItems).where(eq(storeItems.merchantId, m.id)).orderBy(asc(storeItems.createdAt), asc(storeItems.id));
      const offered = await db.select().from(storeItemRegions).where(inArray(storeItemRegions.itemId, rows.length ? rows.map((r) => r.id) : ['00000000-0000-0000-0000-000000000000']));
      return { items: rows.map((i) => presentItem(i, offered.filter((o) => o.itemId === i.id).map((o) => o.regionId))) };
    },
  );

  app.post(
    '/api/store/merchant/items',
    {
      config: { policy: rolesIn(MERCHANTS), action: 'store.item_create' },
      schema: { tags: ['store'], summary: 'List goods, a meal discount or a service, priced in credit points', body: CreateBody },
    },
    async (req) => {
      const auth = req.ctx.auth!;
      const b = req.body;
      if (b.kind !== 'service' && (b.stock === undefined || b.stock === null)) throw badRequest('store_stock_required', 'stock');
      const out = await runCommand(services, req, 'store.item_create', async ({ tx }) => {
        const m = await requireMyMerchant(tx, auth);
        const where = await offeringRegions(tx, m, b.regionIds);
        const [item] = await tx
          .insert(storeItems)
          .values({
            cityId: m.cityId,
            merchantId: m.id,
            kind: b.kind,
            title: b.title,
            description: b.description,
            photoFileId: b.photoFileId ?? null,
            price: b.price,
            stock: b.stock ?? null,
            perResidentLimit: b.perResidentLimit ?? null,
            active: b.active,
          })
          .returning();
        if (b.photoFileId) await claimPhotos(tx, auth.userId, [b.photoFileId], { type: 'store_item', id: item!.id }, 'photoFileId');
        await setOffering(tx, item!.id, where);
        return {
          value: presentItem(item!, where.map((r) => r.id)),
          subjectType: 'store_item',
          subjectId: item!.id,
          cityId: m.cityId,
          regionPath: m.regionPath,
          detail: { kind: b.kind, price: b.price, stock: b.stock ?? null, regions: where.length },
        };
      });
      return { item: out };
    },
  );

  app.patch(
    '/api/store/merchant/items/:id',
    {
      config: { policy: rolesIn(MERCHANTS, ownItemSubject(db)), action: 'store.item_update' },
      schema: { tags: ['store'], summary: 'Change an item: fields given are set (stock is set, not added to)', params: IdParam, body: PatchBody },
    },
    async (req) => {
      const auth = req.ctx.auth!;
      const b = req.body;
      const out = await runCommand(services, req, 'store.item_update', async ({ tx }) => {
        const m = await requireMyMerchant(tx, auth);
        const [cur] = await tx.select().from(storeItems).where(and(eq(storeItems.id, req.params.id), eq(storeItems.merchantId, m.id))).for('update');
        if (!cur) throw notFound('store_item');
        const kind = b.kind ?? cur.kind;
        const stock = b.stock !== undefined ? b.stock : cur.stock;
        if (kind !== 'service' && stock === null) throw badRequest('store_stock_required', 'stock');
        if (b.photoFileId && b.photoFileId !== cur.photoFileId) await claimPhotos(tx, auth.userId, [b.photoFileId], { type: 'store_item', id: cur.id }, 'photoFileId');
        const { regionIds, ...fields } = b;
        const [item] = await tx
          .update(storeItems)
          .set({ ...fields, updatedAt: new Date() })
          .where(eq(storeItems.id, cur.id))
          .returning();
        if (regionIds) await setOffering(tx, cur.id, await offeringRegions(tx, m, regionIds));
        return {
          value: presentItem(item!, await regionIdsOf(tx, cur.id)),
          subjectType: 'store_item',
          subjectId: cur.id,
          cityId: m.cityId,
          regionPath: m.regionPath,
          detail: { fields: Object.keys(b) },
        };
      });
      return { item: out };
    },
  );
}
