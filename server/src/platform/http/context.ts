import type { ActiveGrant } from '../access/scope.js';
import type { Role } from '../access/roles.js';
import type { Lang } from '../i18n/messages.js';
import type { Policy } from './policy.js';

/** Who is calling: resolved from the session on every request. */
export interface AuthState {
  userId: string;
  username: string;
  displayName: string;
  cityId: string;
  sessionId: string;
  grants: ActiveGrant[];
  roles: Set<Role>;
  mustChangePassword: boolean;
  totpEnabled: boolean;
}

export interface RequestContext {
  requestId: string;
  ip: string;
  lang: Lang;
  auth: AuthState | null;
  /** Set once the request's audit entry has been written, so the error path does not write a second. */
  audited: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    ctx: RequestContext;
  }
  interface FastifyContextConfig {
    /** Who may call this route. Every route must declare one; the app refuses to start otherwise. */
    policy?: Policy;
    /** Audit action name of a write route, e.g. 'users.create'. Required on POST, PUT, PATCH and DELETE. */
    action?: string;
  }
}

export const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
