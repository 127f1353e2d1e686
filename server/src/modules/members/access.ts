import type { FastifyRequest } from 'fastify';
import { eq } from 'drizzle-orm';
import type { Role } from '../../platform/access/roles.js';
import type { DbOrTx } from '../../platform/db/client.js';
import type { SubjectRef } from '../../platform/http/policy.js';
import { dualReports, households, partyMembers } from './schema.js';

/** Who keeps the member register, approves reports and imports: secretaries and administrators of the area. */
export const MEMBER_MANAGERS: readonly Role[] = ['admin', 'street_admin', 'community_admin'];
/** Who reads the register of their area (personal data masked). */
export const MEMBER_READERS: readonly Role[] = ['admin', 'org_dept', 'street_admin', 'community_admin', 'grid_worker', 'building_leader'];
/** Who may read unmasked ID and phone numbers of a member (every reading audited). */
export const MEMBER_PII_READERS: readonly Role[] = ['admin', 'street_admin', 'community_admin'];
/** Who sees a household's hardship flags (困难, 独居老人 …): those who serve it. Others see them masked. */
export const HARDSHIP_READERS: readonly Role[] = ['admin', 'street_admin', 'community_admin', 'grid_worker'];
/** Who reads reports: the community side, plus units for their members' and their own reports. */
export const REPORT_READERS: readonly Role[] = ['admin', 'org_dept', 'street_admin', 'community_admin', 'grid_worker', 'unit_admin'];

const isUuid = (v: unknown): v is string => typeof v === 'string' && /^[0-9a-f-]{36}$/i.test(v);

/** Subject: the member of `:id`. */
export const memberSubject =
  (db: DbOrTx) =>
  async (req: FastifyRequest): Promise<SubjectRef | null> => {
    const id = (req.params as { id?: string }).id;
    if (!isUuid(id)) return null;
    const [m] = await db.select({ path: partyMembers.regionPath, cityId: partyMembers.cityId }).from(partyMembers).where(eq(partyMembers.id, id)).limit(1);
    if (!m || m.cityId !== req.ctx.auth?.cityId) return null;
    return { regionPath: m.path };
  };

/** Subject: the household of `:id`. */
export const householdSubject =
  (db: DbOrTx) =>
  async (req: FastifyRequest): Promise<SubjectRef | null> => {
    const id = (req.params as { id?: string }).id;
    if (!isUuid(id)) return null;
    const [h] = await db.select({ path: households.regionPath, cityId: households.cityId }).from(households).where(eq(households.id, id)).limit(1);
    if (!h || h.cityId !== req.ctx.auth?.cityId) return null;
    return { regionPath: h.path };
  };

/** Subject: the report of `:id` (the community it was made to). */
export const reportSubject =
  (db: DbOrTx) =>
  async (req: FastifyRequest): Promise<SubjectRef | null> => {
    const id = (req.params as { id?: string }).id;
    if (!isUuid(id)) return null;
    const [r] = await db.select({ path: dualReports.regionPath, cityId: dualReports.cityId }).from(dualReports).where(eq(dualReports.id, id)).limit(1);
    if (!r || r.cityId !== req.ctx.auth?.cityId) return null;
    return { regionPath: r.path };
  };
