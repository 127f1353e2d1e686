import type { AuthState } from '../http/context.js';
import { onAccessChange } from '../access/changes.js';

/**
 * A short-lived, per-process memory of resolved sessions, so that a busy caller (a dispatcher filing a case a
 * minute, a hotline integration filing hundreds) does not cost two look-ups on every request.
 *
 * An entry lives SESSION_CACHE_MS (default 2 s) at most. Anything that can end or narrow a session — logout,
 * revocation, a password change, disabling an account, a grant added or removed, a change of the second
 * factor — calls `accessChanged()` (platform/access/changes.ts), which calls `forgetSessions()`: it empties the memory of this process and keeps it from remembering
 * anything for one more lifetime, so a look-up that raced with the (not yet committed) change is not kept.
 * Another server process sees such a change within SESSION_CACHE_MS. SESSION_CACHE_MS=0 turns the memory off.
 *
 * Keyed by the hash of the token, never the token. Expiry (absolute and idle) is checked on every use.
 */
interface Entry {
  state: AuthState;
  until: number;
  expiresAt: number;
  idleAt: number;
}

export const DEFAULT_SESSION_CACHE_MS = 2000;
const MAX_ENTRIES = 20_000;
const entries = new Map<string, Entry>();
let holdUntil = 0;
let lifeMs = DEFAULT_SESSION_CACHE_MS;

/** Set at boot from SESSION_CACHE_MS (one setting per process). */
export function configureSessionCache(ms: number): void {
  lifeMs = ms;
  entries.clear();
}

export function recallSession(tokenHash: string, now = Date.now()): AuthState | null {
  const e = entries.get(tokenHash);
  if (!e) return null;
  if (e.until <= now || e.expiresAt <= now || e.idleAt <= now || holdUntil > now) {
    entries.delete(tokenHash);
    return null;
  }
  return e.state;
}

export function rememberSession(tokenHash: string, state: AuthState, limits: { expiresAt: number; idleAt: number }, now = Date.now()): void {
  if (lifeMs <= 0 || holdUntil > now) return;
  if (entries.size >= MAX_ENTRIES) entries.clear();
  entries.set(tokenHash, { state, until: now + lifeMs, ...limits });
}

/** Forget every remembered session of this process, and remember none for one lifetime (see above). */
export function forgetSessions(): void {
  entries.clear();
  holdUntil = Math.max(holdUntil, Date.now() + lifeMs);
}

onAccessChange(forgetSessions);
