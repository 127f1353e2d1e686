import { and, asc, count, eq, ilike, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { App } from '../../platform/http/app-types.js';
import type { Services } from '../../platform/services.js';
import { rolesIn, scopeRootsFor } from '../../platform/http/policy.js';
import { runCommand } from '../../platform/http/command.js';
import { notFound } from '../../platform/errors.js';
import { pathInRoots } from '../../platform/access/scope.js';
import { writeAudit } from '../../platform/audit/audit.js';
import { MEMBER_KINDS, MEMBER_STANDINGS, partyMembers } from './schema.js';
import { MEMBER_MANAGERS, MEMBER_PII_READERS, MEMBER_READERS, memberSubject } from './access.js';
import { createMember, updateMember } from './commands.js';
import { presentMembers } from './presenters.js';
import { ID_CONTEXT, PHONE_CONTEXT } from './member-input.js';

const Id = z.object({ id: z.uuid() });
const day = z.iso.date();
const MemberFields = {
  name: z.string().trim().min(1).max(64),
  idNumber: z.string().trim().min(1).max(32),
  phone: z.string().max(32).nullish(),
  gender: z.enum(['M', 'F']).nullish(),
  birthDate: day.nullish(),
  standing: z.enum(MEMBER_STANDINGS),
  joinDate: day,
  kind: z.enum(MEMBER_KINDS),
  orgId: z.uuid().nullish(),
  unitId: z.uuid().nullish(),
  buildingId: z.uuid().nullish(),
  address: z.string().trim().max(200).nullish(),
  skills: z.array(z.string().trim().min(1).max(40)).max(30).optional(),
  userId: z.uuid().nullish(),
};
export const MemberBody = z.object(MemberFields);
const MemberPatch = z.object({ ...z.object(MemberFields).partial().shape, version: z.number().int().min(0).optional() });

/** The member register (党员): create, change, list, read (masked), read personal data (audited). */
export function memberRoutes(app: App, services: Services): void {
  const { db } = services.database;
  const present = (rows: Parameters<typeof presentMembers>[2]) => presentMembers(db, services.crypto, rows);

  app.get(
    '/api/members',
    {
      config: { policy: rolesIn(MEMBER_READERS) },
      schema: {
        tags: ['members'],
        summary: 'Members in my area (ID and phone numbers masked)',
        querystring: z.object({
          q: z.string().trim().max(64).optional(),
          kind: z.enum(MEMBER_KINDS).optional(),
          standing: z.enum(MEMBER_STANDINGS).optional(),
          unitId: z.uuid().optional(),
          gridId: z.uuid().optional(),
          page: z.coerce.number().int().min(1).default(1),
          pageSize: z.coerce.number().int().min(1).max(200).default(20),
        }),
      },
    },
    async (req) => {
      const { q, kind, standing, unitId, gridId, page, pageSize } = req.query;
      const conds: SQL[] = [eq(partyMembers.cityId, req.ctx.auth!.cityId), pathInRoots(partyMembers.regionPath, scopeRootsFor(req, MEMBER_READERS))];
      if (q) conds.push(ilike(partyMembers.name, `%${q}%`));
      if (kind) conds.push(eq(partyMembers.kind, kind));
      if (standing) conds.push(eq(partyMembers.standing, standing));
      if (unitId) conds.push(eq(partyMembers.unitId, unitId));
      if (gridId) conds.push(eq(partyMembers.gridId, gridId));
      const where = and(...conds);
      const [rows, [total]] = await Promise.all([
        db.select().from(partyMembers).where(where).orderBy(asc(partyMembers.name), asc(partyMembers.id)).limit(pageSize).offset((page - 1) * pageSize),
        db.select({ n: count() }).from(partyMembers).where(where),
      ]);
      return { items: await present(rows), total: Number(total?.n ?? 0) };
    },
  );

  app.get(
    '/api/members/me',
    { config: { policy: rolesIn(['member']) }, schema: { tags: ['members'], summary: 'My own member record (masked), or 404 when none is linked to my account' } },
    async (req) => {
      const [m] = await db.select().from(partyMembers).where(eq(partyMembers.userId, req.ctx.auth!.userId)).limit(1);
      if (!m) throw notFound('member');
      return { member: (await present([m]))[0]! };
    },
  );

  app.get(
    '/api/members/:id',
    { config: { policy: rolesIn(MEMBER_READERS, memberSubject(db)) }, schema: { tags: ['members'], summary: 'One member (masked)', params: Id } },
    async (req) => {
      const [m] = await db.select().from(partyMembers).where(eq(partyMembers.id, req.params.id)).limit(1);
      if (!m) throw notFound('member');
      return { member: (await present([m]))[0]! };
    },
  );

  app.get(
    '/api/members/:id/pii',
    {
      config: { policy: rolesIn(MEMBER_PII_READERS, memberSubject(db)) },
      schema: { tags: ['members'], summary: "A member's unmasked ID and phone numbers (every reading is audited)", params: Id },
    },
    async (req) => {
      const [m] = await db.select().from(partyMembers).where(eq(partyMembers.id, req.params.id)).limit(1);
      if (!m) throw notFound('member');
      const auth = req.ctx.auth!;
      await writeAudit(db, {
        cityId: m.cityId,
        actorId: auth.userId,
        actorName: auth.username,
        action: 'members.pii_read',
        subjectType: 'party_member',
        subjectId: m.id,
        regionPath: m.regionPath,
        ip: req.ctx.ip,
        requestId: req.ctx.requestId,
        result: 'ok',
        detail: { fields: ['idNumber', 'phone'] },
      });
      return { idNumber: services.crypto.decrypt(m.idNumberEnc, ID_CONTEXT), phone: m.phoneEnc ? services.crypto.decrypt(m.phoneEnc, PHONE_CONTEXT) : null };
    },
  );

  app.post(
    '/api/members',
    {
      config: { policy: rolesIn(MEMBER_MANAGERS), action: 'members.create' },
      schema: {
        tags: ['members'],
        summary: 'Add a member; the Party organisation, unit and building must lie in my area (one of them at least)',
        body: MemberBody,
      },
    },
    async (req, reply) => {
      const roots = scopeRootsFor(req, MEMBER_MANAGERS);
      const m = await runCommand(services, req, 'members.create', async ({ tx, actor }) => {
        const m = await createMember(tx, services.crypto, actor!, roots, req.body);
        return { value: m, subjectType: 'party_member', subjectId: m.id, cityId: m.cityId, regionPath: m.regionPath, detail: { kind: m.kind, standing: m.standing } };
      });
      return reply.code(201).send({ member: (await present([m]))[0]! });
    },
  );

  app.patch(
    '/api/members/:id',
    {
      config: { policy: rolesIn(MEMBER_MANAGERS, memberSubject(db)), action: 'members.update' },
      schema: { tags: ['members'], summary: 'Change a member (fields left out keep their value)', params: Id, body: MemberPatch },
    },
    async (req) => {
      const roots = scopeRootsFor(req, MEMBER_MANAGERS);
      const m = await runCommand(services, req, 'members.update', async ({ tx, actor }) => {
        const m = await updateMember(tx, services.crypto, actor!, roots, req.params.id, req.body);
        return { value: m, subjectType: 'party_member', subjectId: m.id, cityId: m.cityId, regionPath: m.regionPath, detail: { fields: Object.keys(req.body) } };
      });
      return { member: (await present([m]))[0]! };
    },
  );
}
