import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { SubjectRef } from '../../platform/http/policy.js';
import type { DbOrTx } from '../../platform/db/client.js';
import { inSubtree } from '../../platform/access/scope.js';
import type { Role } from '../../platform/access/roles.js';
import type { AuthState } from '../../platform/http/context.js';
import { activities, volunteerTeamMembers, volunteerTeams } from './schema.js';
import type { ActivityAudience, OrganiserKind } from './lists.js';

export type ActivityRow = typeof activities.$inferSelect;
export type TeamRow = typeof volunteerTeams.$inferSelect;

/** Secretaries and administrators above the activity's region organise any activity there. */
export const ORGANISERS: readonly Role[] = ['admin', 'street_admin', 'community_admin'];
/** Who takes part: members and residents living under the activity's region. */
export const PARTICIPANTS: readonly Role[] = ['member', 'resident'];
/** Every role that may organise something: team leaders are members or residents, unit activities a unit_admin's. */
export const MAY_ORGANISE: readonly Role[] = [...ORGANISERS, 'unit_admin', 'member', 'resident'];
/** Who may read activities: organisers, overseers, units and participants. */
export const READERS: readonly Role[] = [...ORGANISERS, 'org_dept', 'unit_admin', 'member', 'resident'];

export const IdParam = z.object({ id: z.uuid() });

const covers = (auth: AuthState, roles: readonly Role[], regionPath: string) =>
  auth.grants.some((g) => roles.includes(g.role) && inSubtree(regionPath, g.regionPath));

export async function isTeamLeader(db: DbOrTx, userId: string, teamId: string | null | undefined): Promise<boolean> {
  if (!teamId) return false;
  const [m] = await db
    .select({ r: volunteerTeamMembers.role })
    .from(volunteerTeamMembers)
    .where(and(eq(volunteerTeamMembers.teamId, teamId), eq(volunteerTeamMembers.userId, userId)))
    .limit(1);
  return m?.r === 'leader';
}

/** May the caller organise an activity of this kind at this region (create it, or manage it when `createdBy` is given)? */
export async function mayOrganise(
  db: DbOrTx,
  auth: AuthState,
  a: { regionPath: string; organiserKind: OrganiserKind; organiserId: string | null; createdBy?: string | null },
): Promise<boolean> {
  if (covers(auth, ORGANISERS, a.regionPath)) return true;
  // A unit's own activity: its administrator, within their area (and, once it exists, only the one who made it).
  if (a.organiserKind === 'unit' && covers(auth, ['unit_admin'], a.regionPath) && (a.createdBy === undefined || a.createdBy === auth.userId)) return true;
  if (a.organiserKind === 'team' && (await isTeamLeader(db, auth.userId, a.organiserId))) {
    const [team] = await db.select({ path: volunteerTeams.regionPath }).from(volunteerTeams).where(eq(volunteerTeams.id, a.organiserId!)).limit(1);
    return !!team && inSubtree(a.regionPath, team.path);
  }
  return false;
}

/** The ledger a participant earns on in this activity, or null when the audience leaves them out. */
export function participantLedger(auth: AuthState, a: { regionPath: string; audience: ActivityAudience }): 'party' | 'credit' | null {
  const lives = (role: Role) => auth.grants.some((g) => g.role === role && inSubtree(g.regionPath, a.regionPath));
  if (a.audience !== 'residents' && lives('member')) return 'party';
  if (a.audience !== 'members' && lives('resident')) return 'credit';
  return null;
}

export const loadActivity = async (db: DbOrTx, id: string | undefined): Promise<ActivityRow | undefined> =>
  id ? (await db.select().from(activities).where(eq(activities.id, id)).limit(1))[0] : undefined;

const idOf = (req: FastifyRequest) => (req.params as { id?: string }).id;

/** Route subject: the activity of `:id`, for its organisers. */
export const organiserSubject =
  (db: DbOrTx) =>
  async (req: FastifyRequest): Promise<SubjectRef | null> => {
    const a = await loadActivity(db, idOf(req));
    if (!a || a.cityId !== req.ctx.auth!.cityId) return null;
    const ok = await mayOrganise(db, req.ctx.auth!, a);
    return { regionPath: a.regionPath, allowed: ok, denied: !ok };
  };

/** Route subject: the activity of `:id`, for people who may join it (not drafts). */
export const participantSubject =
  (db: DbOrTx, activityId: (req: FastifyRequest) => string | undefined = idOf) =>
  async (req: FastifyRequest): Promise<SubjectRef | null> => {
    const a = await loadActivity(db, activityId(req));
    if (!a || a.cityId !== req.ctx.auth!.cityId || a.status === 'draft') return null;
    const ok = participantLedger(req.ctx.auth!, a) !== null;
    return { regionPath: a.regionPath, allowed: ok, denied: !ok };
  };

/** Route subject: the activity of `:id`, for organisers, overseers above it and people who may join it. */
export const readerSubject =
  (db: DbOrTx) =>
  async (req: FastifyRequest): Promise<SubjectRef | null> => {
    const auth = req.ctx.auth!;
    const a = await loadActivity(db, idOf(req));
    if (!a || a.cityId !== auth.cityId) return null;
    const organiser = await mayOrganise(db, auth, a);
    // A draft is its organisers' alone: to anyone else it does not exist yet.
    if (!organiser && a.status === 'draft') return null;
    const ok = organiser || covers(auth, ['org_dept'], a.regionPath) || participantLedger(auth, a) !== null;
    return { regionPath: a.regionPath, allowed: ok, denied: !ok };
  };

/** Route subject: the team of `:id`, for organisers above its region and the team's leaders. */
export const teamManagerSubject =
  (db: DbOrTx) =>
  async (req: FastifyRequest): Promise<SubjectRef | null> => {
    const [team] = await db.select().from(volunteerTeams).where(eq(volunteerTeams.id, idOf(req) ?? '')).limit(1);
    if (!team || team.cityId !== req.ctx.auth!.cityId) return null;
    const ok = covers(req.ctx.auth!, ORGANISERS, team.regionPath) || (await isTeamLeader(db, req.ctx.auth!.userId, team.id));
    return { regionPath: team.regionPath, allowed: ok, denied: !ok };
  };
