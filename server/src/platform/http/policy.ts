import type { FastifyRequest } from 'fastify';
import { AppError, forbidden, unauthorized } from '../errors.js';
import type { Role } from '../access/roles.js';
import { inSubtree, scopeRoots } from '../access/scope.js';

/** Where the subject of a request sits; resolved by a route's `subject` function (null → 404). */
export interface SubjectRef {
  regionPath: string;
  /** Set by resolvers with a rule beyond the subtree, e.g. "every grant of that user is one I may grant". */
  denied?: boolean;
  /**
   * Set by resolvers that decide on their own who may see the subject beyond the subtree, e.g. the
   * resident who reported a case in another grid. Only ever widens; `denied` still wins.
   */
  allowed?: boolean;
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

/** What a user who must change their password may still call. */
const PASSWORD_CHANGE_ROUTES = new Set(['GET /api/auth/me', 'POST /api/auth/password', 'POST /api/auth/logout']);

/** Stage 1 (before body validation): authentication and role membership. */
export function checkCaller(req: FastifyRequest, policy: Policy): void {
  if (policy.kind === 'public') return;
  const auth = req.ctx.auth;
  if (!auth) throw unauthorized();
  // A password set by someone else (reset, CLI) is good for changing it and nothing else.
  if (auth.mustChangePassword && !PASSWORD_CHANGE_ROUTES.has(`${req.method} ${req.routeOptions.url}`)) {
    throw new AppError(403, 'password_change_required');
  }
  if (policy.kind === 'authenticated') return;
  if (!policy.roles.some((r) => auth.roles.has(r))) throw forbidden();
}

/** Stage 2 (after validation): the subject lies within the caller's scope for the policy's roles. */
export async function checkSubject(req: FastifyRequest, policy: Policy): Promise<void> {
  if (policy.kind !== 'roles' || !policy.subject) return;
  const subject = await policy.subject(req);
  if (!subject) throw new AppError(404, 'not_found', 'subject not found', undefined, { what: 'subject' });
  const roots = scopeRoots(req.ctx.auth!.grants, policy.roles);
  if (subject.denied) throw forbidden('out_of_scope');
  if (!subject.allowed && !roots.some((root) => inSubtree(subject.regionPath, root))) throw forbidden('out_of_scope');
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
