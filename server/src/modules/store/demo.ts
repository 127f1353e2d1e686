import { and, eq } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client.js';
import { users } from '../../platform/auth/schema.js';
import { roleGrants } from '../../platform/access/schema.js';
import { storeItemRegions, storeItems, storeMerchants } from './schema.js';
import type { StoreItemKind } from './lists.js';

const GOODS: Array<{ kind: StoreItemKind; title: string; description: string; price: number; stock: number | null; limit: number | null }> = [
  { kind: 'goods', title: '食用油 5L', description: '花生调和油一桶，凭码到店领取。', price: 200, stock: 20, limit: 1 },
  { kind: 'goods', title: '洗衣液 2kg', description: '家用洗衣液一瓶。', price: 80, stock: 50, limit: null },
  { kind: 'meal_discount', title: '老爸茶套餐八折', description: '本店老爸茶双人套餐八折，工作日 14:00–17:00 可用。', price: 30, stock: 100, limit: 4 },
  { kind: 'service', title: '免费理发一次', description: '社区志愿理发，每月第一个周六上午。', price: 50, stock: null, limit: 1 },
];

/** The demo merchant (椰香小馆, 新安社区): an approved profile and four items offered in its community. */
export async function seedStoreDemo(tx: Tx, cityId: string): Promise<void> {
  const [g] = await tx
    .select({ userId: users.id, regionId: roleGrants.regionId, regionPath: roleGrants.regionPath })
    .from(users)
    .innerJoin(roleGrants, and(eq(roleGrants.userId, users.id), eq(roleGrants.role, 'merchant')))
    .where(and(eq(users.username, 'merchant'), eq(users.cityId, cityId)))
    .limit(1);
  if (!g) return;
  const [m] = await tx
    .insert(storeMerchants)
    .values({ cityId, userId: g.userId, regionId: g.regionId, regionPath: g.regionPath, name: '椰香小馆', address: '新安社区北门商业街 12 号', openingHours: '每日 08:00–21:00', status: 'approved', decidedAt: new Date() })
    .returning();
  for (const x of GOODS) {
    const [item] = await tx
      .insert(storeItems)
      .values({ cityId, merchantId: m!.id, kind: x.kind, title: x.title, description: x.description, price: x.price, stock: x.stock, perResidentLimit: x.limit })
      .returning({ id: storeItems.id });
    await tx.insert(storeItemRegions).values({ itemId: item!.id, regionId: g.regionId, regionPath: g.regionPath });
  }
}
