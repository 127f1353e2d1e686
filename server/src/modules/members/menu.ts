import { and, asc, eq, inArray } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../platform/db/client.js';
import { badRequest } from '../../platform/errors.js';
import { memberServiceItems, memberSettings, serviceCategories, serviceItems } from './schema.js';
import { DEFAULT_MENU } from './menu-defaults.js';

/** Installs the default menu for a city; what exists already (by code) is kept as it is. Returns what was added. */
export async function installDefaultMenu(tx: Tx, cityId: string) {
  const cats = await tx
    .insert(serviceCategories)
    .values(DEFAULT_MENU.map((c, i) => ({ cityId, code: c.code, name: c.name, sort: i })))
    .onConflictDoNothing()
    .returning({ id: serviceCategories.id });
  const all = await tx.select({ id: serviceCategories.id, code: serviceCategories.code }).from(serviceCategories).where(eq(serviceCategories.cityId, cityId));
  const idOf = new Map(all.map((c) => [c.code, c.id]));
  const items = await tx
    .insert(serviceItems)
    .values(DEFAULT_MENU.flatMap((c) => c.items.filter(() => idOf.has(c.code)).map(([code, name], i) => ({ cityId, categoryId: idOf.get(c.code)!, code, name, sort: i }))))
    .onConflictDoNothing()
    .returning({ id: serviceItems.id });
  return { categories: cats.length, items: items.length };
}

/** The city's menu: categories in order with their items. */
export async function menuOf(db: DbOrTx, cityId: string) {
  const [cats, items] = await Promise.all([
    db.select().from(serviceCategories).where(eq(serviceCategories.cityId, cityId)).orderBy(asc(serviceCategories.sort), asc(serviceCategories.code)),
    db.select().from(serviceItems).where(eq(serviceItems.cityId, cityId)).orderBy(asc(serviceItems.sort), asc(serviceItems.code)),
  ]);
  return cats.map((c) => ({
    id: c.id,
    code: c.code,
    name: c.name,
    active: c.active,
    items: items.filter((i) => i.categoryId === c.id).map((i) => ({ id: i.id, code: i.code, name: i.name, active: i.active })),
  }));
}

/** Replaces the items a member offers; every item must be an active item of the member's city. */
export async function setMemberItems(tx: Tx, member: { id: string; cityId: string }, itemIds: readonly string[]) {
  const ids = [...new Set(itemIds)];
  if (ids.length) {
    const found = await tx.select({ id: serviceItems.id }).from(serviceItems).where(and(eq(serviceItems.cityId, member.cityId), eq(serviceItems.active, true), inArray(serviceItems.id, ids)));
    if (found.length !== ids.length) throw badRequest('service_item_unknown', 'itemIds');
  }
  await tx.delete(memberServiceItems).where(eq(memberServiceItems.memberId, member.id));
  if (ids.length) await tx.insert(memberServiceItems).values(ids.map((itemId) => ({ memberId: member.id, itemId })));
  return ids;
}

/** The items members offer, by member id (ids and names). */
export async function itemsOfMembers(db: DbOrTx, memberIds: readonly string[]) {
  const out = new Map<string, Array<{ id: string; name: string }>>();
  for (let i = 0; i < memberIds.length; i += 5000) {
    const rows = await db
      .select({ memberId: memberServiceItems.memberId, id: serviceItems.id, name: serviceItems.name })
      .from(memberServiceItems)
      .innerJoin(serviceItems, eq(serviceItems.id, memberServiceItems.itemId))
      .where(inArray(memberServiceItems.memberId, memberIds.slice(i, i + 5000)));
    for (const r of rows) out.set(r.memberId, [...(out.get(r.memberId) ?? []), { id: r.id, name: r.name }]);
  }
  return out;
}

/** Households each member should look after in this city (1+10: ten unless configured). */
export async function minHouseholdsOf(db: DbOrTx, cityId: string): Promise<number> {
  const [s] = await db.select({ n: memberSettings.minHouseholds }).from(memberSettings).where(eq(memberSettings.cityId, cityId)).limit(1);
  return s?.n ?? 10;
}
