import { eq } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { DbOrTx } from '../../platform/db/client.js';
import type { AuthState } from '../../platform/http/context.js';
import type { SubjectRef } from '../../platform/http/policy.js';
import { isDepartmentOf, loadCycle, myDepartments, partsIn, type CycleRow } from './cycle-access.js';
import { mayDo, type PbPart } from './phase-permissions.js';
import type { ProjectRow } from './present.js';
import { pbMilestones, pbProjects } from './schema.js';

export const loadProject = async (db: DbOrTx, id: string | undefined): Promise<ProjectRow | undefined> =>
  id ? (await db.select().from(pbProjects).where(eq(pbProjects.id, id)).limit(1))[0] : undefined;

/**
 * A project route's subject: the cycle of the project `:id`, for callers who play one of `parts` in it. The
 * department's part is that of the department responsible for this very project when `departmentOf` is
 * 'project' (writing: milestones), for any project of the cycle when 'cycle' (reading).
 */
export const projectSubject =
  (db: DbOrTx, parts: readonly PbPart[], departmentOf: 'project' | 'cycle' = 'cycle') =>
  async (req: FastifyRequest): Promise<SubjectRef | null> => {
    const p = await loadProject(db, (req.params as { id?: string }).id);
    const c = p && (await loadCycle(db, p.cycleId));
    if (!p || !c) return null;
    const mine = partsIn(req.ctx.auth!, c);
    let ok = parts.some((x) => mine.has(x));
    if (!ok && parts.includes('department')) ok = await isDepartmentOf(db, req.ctx.auth!, c.id, departmentOf === 'project' ? p.id : undefined);
    return { regionPath: c.regionPath, allowed: ok, denied: !ok };
  };

/**
 * Whether a caller playing `parts` sees a project: organisers always; the department responsible for it always;
 * everyone else once it is reviewed (not `proposed`), or their own proposal.
 */
export function projectVisible(p: ProjectRow, parts: ReadonlySet<PbPart>, auth: AuthState, myDepts: readonly string[]): boolean {
  if (parts.has('organiser')) return true;
  if (p.departmentId && myDepts.includes(p.departmentId)) return true;
  return p.status !== 'proposed' || p.proposerUserId === auth.userId;
}

/** Whether the caller may read the project (its page, its photos, its milestones' photos). */
export async function mayReadProject(db: DbOrTx, auth: AuthState, projectId: string): Promise<{ p: ProjectRow; c: CycleRow } | null> {
  const p = await loadProject(db, projectId);
  const c = p && (await loadCycle(db, p.cycleId));
  if (!p || !c) return null;
  const parts = partsIn(auth, c);
  const depts = await myDepartments(db, auth);
  if (depts.length && (await isDepartmentOf(db, auth, c.id))) parts.add('department');
  if (![...parts].some((x) => mayDo(x, 'read', c.phase))) return null;
  return projectVisible(p, parts, auth, depts) ? { p, c } : null;
}

/** File owners of the module: a proposal's photos and a milestone's, readable by whoever may read the project. */
export const pbFileOwners = {
  pb_project: async (db: DbOrTx, auth: AuthState, id: string) => (await mayReadProject(db, auth, id)) !== null,
  pb_milestone: async (db: DbOrTx, auth: AuthState, id: string) => {
    const [m] = await db.select({ projectId: pbMilestones.projectId }).from(pbMilestones).where(eq(pbMilestones.id, id)).limit(1);
    return m ? (await mayReadProject(db, auth, m.projectId)) !== null : false;
  },
};

