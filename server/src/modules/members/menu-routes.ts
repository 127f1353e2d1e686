import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { App } from '../../platform/http/app-types.js';
import type { Services } from '../../platform/services.js';
import { authenticated, rolesIn } from '../../platform/http/policy.js';
import { runCommand } from '../../platform/http/command.js';
import { badRequest, conflict, notFound } from '../../platform/errors.js';
import { memberSettings, partyMembers, serviceCategories, serviceItems } from './schema.js';
import { MEMBER_MANAGERS, memberSubject } from './access.js';
import { citySubject } from './city-admin.js';
import { installDefaultMenu, menuOf, minHouseholdsOf, setMemberItems } from './menu.js';

const Code = z.string().trim().regex(/^[a-z0-9_.-]{1,40}$/);
const Name = z.string().trim().min(1).max(40);
const ItemIds = z.object({ itemIds: z.array(z.uuid()).max(60) });

/** The service menu (服务菜单) per city, the 1+10 setting, and the items members offer. */
export function menuRoutes(app: App, services: Services): void {
  const { db } = services.database;
  const cityAdmin = rolesIn(['admin'], citySubject(db));

  app.get(
    '/api/service-menu',
    { config: { policy: authenticated() }, schema: { tags: ['members'], summary: "My city's service menu (categories and items) and the 1+10 household count" } },
    async (req) => {
      const cityId = req.ctx.auth!.cityId;
      const [categories, minHouseholds] = await Promise.all([menuOf(db, cityId), minHouseholdsOf(db, cityId)]);
      return { minHouseholds, categories };
    },
  );

  app.post(
    '/api/service-menu/defaults',
    { config: { policy: cityAdmin, action: 'service_menu.defaults' }, schema: { tags: ['members'], summary: 'Install the default menu (8 categories, 45 items); existing codes are kept' } },
    async (req) => {
      const added = await runCommand(services, req, 'service_menu.defaults', async ({ tx, actor }) => {
        const added = await installDefaultMenu(tx, actor!.cityId);
        return { value: added, subjectType: 'service_menu', subjectId: actor!.cityId, detail: added };
      });
      return { added, categories: await menuOf(db, req.ctx.auth!.cityId) };
    },
  );

  app.post(
    '/api/service-menu/categories',
    {
      config: { policy: cityAdmin, action: 'service_menu.category_create' },
      schema: { tags: ['members'], summary: 'Add a category', body: z.object({ code: Code, name: Name, sort: z.number().int().min(0).max(999).default(100) }) },
    },
    async (req, reply) => {
      const c = await runCommand(services, req, 'service_menu.category_create', async ({ tx, actor }) => {
        const [c] = await tx.insert(serviceCategories).values({ cityId: actor!.cityId, ...req.body }).onConflictDoNothing().returning();
        if (!c) throw conflict('service_code_taken', 'code');
        return { value: c, subjectType: 'service_category', subjectId: c.id, detail: { code: c.code } };
      });
      return reply.code(201).send({ category: { id: c.id, code: c.code, name: c.name, active: c.active } });
    },
  );

  app.post(
    '/api/service-menu/items',
    {
      config: { policy: cityAdmin, action: 'service_menu.item_create' },
      schema: { tags: ['members'], summary: 'Add an item to a category', body: z.object({ categoryId: z.uuid(), code: Code, name: Name, sort: z.number().int().min(0).max(999).default(100) }) },
    },
    async (req, reply) => {
      const i = await runCommand(services, req, 'service_menu.item_create', async ({ tx, actor }) => {
        const [cat] = await tx.select({ id: serviceCategories.id }).from(serviceCategories).where(and(eq(serviceCategories.id, req.body.categoryId), eq(serviceCategories.cityId, actor!.cityId))).limit(1);
        if (!cat) throw notFound('service_category', 'categoryId');
        const [i] = await tx.insert(serviceItems).values({ cityId: actor!.cityId, ...req.body }).onConflictDoNothing().returning();
        if (!i) throw conflict('service_code_taken', 'code');
        return { value: i, subjectType: 'service_item', subjectId: i.id, detail: { code: i.code } };
      });
      return reply.code(201).send({ item: { id: i.id, code: i.code, name: i.name, active: i.active } });
    },
  );

  app.patch(
    '/api/service-menu/items/:id',
    {
      config: { policy: cityAdmin, action: 'service_menu.item_update' },
      schema: {
        tags: ['members'],
        summary: 'Rename, reorder or retire an item (members keep a retired item until they change their choice)',
        params: z.object({ id: z.uuid() }),
        body: z.object({ name: Name.optional(), active: z.boolean().optional(), sort: z.number().int().min(0).max(999).optional() }),
      },
    },
    async (req) => {
      if (Object.keys(req.body).length === 0) throw badRequest('validation', 'name', { detail: 'nothing to change' });
      const i = await runCommand(services, req, 'service_menu.item_update', async ({ tx, actor }) => {
        const [i] = await tx
          .update(serviceItems)
          .set(req.body)
          .where(and(eq(serviceItems.id, req.params.id), eq(serviceItems.cityId, actor!.cityId)))
          .returning();
        if (!i) throw notFound('service_item');
        return { value: i, subjectType: 'service_item', subjectId: i.id, detail: { fields: Object.keys(req.body) } };
      });
      return { item: { id: i.id, code: i.code, name: i.name, active: i.active } };
    },
  );

  app.patch(
    '/api/members/settings',
    {
      config: { policy: cityAdmin, action: 'members.settings' },
      schema: { tags: ['members'], summary: 'How many households each member should be linked to (1+10)', body: z.object({ minHouseholds: z.number().int().min(1).max(100) }) },
    },
    async (req) => {
      const n = await runCommand(services, req, 'members.settings', async ({ tx, actor }) => {
        await tx
          .insert(memberSettings)
          .values({ cityId: actor!.cityId, minHouseholds: req.body.minHouseholds })
          .onConflictDoUpdate({ target: memberSettings.cityId, set: { minHouseholds: req.body.minHouseholds, updatedAt: new Date() } });
        return { value: req.body.minHouseholds, subjectType: 'member_settings', subjectId: actor!.cityId, detail: { minHouseholds: req.body.minHouseholds } };
      });
      return { minHouseholds: n };
    },
  );

  app.post(
    '/api/members/me/service-items',
    { config: { policy: rolesIn(['member']), action: 'members.items_self' }, schema: { tags: ['members'], summary: 'Choose the service items I offer (replaces my choice)', body: ItemIds } },
    async (req) => {
      const itemIds = await runCommand(services, req, 'members.items_self', async ({ tx, actor }) => {
        const [m] = await tx.select().from(partyMembers).where(eq(partyMembers.userId, actor!.userId)).limit(1);
        if (!m) throw notFound('member');
        const ids = await setMemberItems(tx, m, req.body.itemIds);
        return { value: ids, subjectType: 'party_member', subjectId: m.id, regionPath: m.regionPath, detail: { items: ids.length } };
      });
      return { itemIds };
    },
  );

  app.post(
    '/api/members/:id/service-items',
    {
      config: { policy: rolesIn(MEMBER_MANAGERS, memberSubject(db)), action: 'members.items_set' },
      schema: { tags: ['members'], summary: 'Set the service items a member offers (replaces the choice)', params: z.object({ id: z.uuid() }), body: ItemIds },
    },
    async (req) => {
      const itemIds = await runCommand(services, req, 'members.items_set', async ({ tx }) => {
        const [m] = await tx.select().from(partyMembers).where(eq(partyMembers.id, req.params.id)).limit(1);
        if (!m) throw notFound('member');
        const ids = await setMemberItems(tx, m, req.body.itemIds);
        return { value: ids, subjectType: 'party_member', subjectId: m.id, regionPath: m.regionPath, detail: { items: ids.length } };
      });
      return { itemIds };
    },
  );
}
