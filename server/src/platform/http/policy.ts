import type { FastifyRequest } from 'fastify';
import { AppError, forbidden, unauthorized } from '../errors.js';
import type { Role } from '../access/roles.js';
import { inSubtree, scopeRoots } from '../access/scope.js';

/** Where the subject of a request sits; resolved by a route's `subject` function (null → 404). */
export interface SubjectRef {
  regionPath: string;
}

/**
 * A route's access rule.
 * - public: anyone, including anonymous callers (login, health, Open311 discovery).
 * - authenticated: any logged-in user; the handler limits the answer to the caller's own records.
 * - roles: callers holding one of the roles; when `subject` is given, the subject must lie in the subtree
 *   of a grant of one of those roles. List routes filter by `scopeRootsFor(req, roles)` instead.
 */
export type Policy =
  | { kind: 'public' }
  | { kind: 'authenticated' }
  | { kind: 'roles'; roles: readonly Role[]; subject?: (req: FastifyRequest) => Promise<SubjectRef | null> };

export const publicRoute = (): Policy => ({ kind: 'public' });
export const authenticated = (): Policy => ({ kind: 'authenticated' });
export const rolesIn = (roles: readonly Role[], subject?: (req: FastifyRequest) => Promise<SubjectRef | null>): Policy => ({
  kind: 'roles',
  roles,
  subject,
});

/** Stage 1 (before body validation): authentication and role membership. */
export function checkCaller(req: FastifyRequest, policy: Policy): void {
  if (policy.kind === 'public') return;
  const auth = req.ctx.auth;
  if (!auth) throw unauthorized();
  if (policy.kind === 'authenticated') return;
  if (!policy.roles.some((r) => auth.roles.has(r))) throw forbidden();
}

/** Stage 2 (after validation): the subject lies within the caller's scope for the policy's roles. */
export async function checkSubject(req: FastifyRequest, policy: Policy): Promise<void> {
  if (policy.kind !== 'roles' || !policy.subject) return;
  const subject = await policy.subject(req);
  if (!subject) throw new AppError(404, 'not_found', 'subject not found');
  const roots = scopeRoots(req.ctx.auth!.grants, policy.roles);
  if (!roots.some((root) => inSubtree(subject.regionPath, root))) throw forbidden('out_of_scope');
}

/** The subtree roots the caller may act in with any of these roles (for filtering lists). */
export function scopeRootsFor(req: FastifyRequest, roles: readonly Role[]): string[] {
  const auth = req.ctx.auth;
  if (!auth) return [];
  return scopeRoots(auth.grants, roles);
}

/** The authenticated caller; throws 401 otherwise (for handlers behind an authenticated policy). */
export function requireAuth(req: FastifyRequest) {
  if (!req.ctx.auth) throw unauthorized();
  return req.ctx.auth;
}
