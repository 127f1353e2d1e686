import { afterEach, describe, expect, it } from 'vitest';
import { configureSessionCache, recallSession, rememberSession, forgetSessions, DEFAULT_SESSION_CACHE_MS } from './session-cache.js';
import { accessChanged } from '../access/changes.js';
import type { AuthState } from '../http/context.js';

const state = { userId: 'u1', username: 'grid', roles: new Set() } as unknown as AuthState;
const far = { expiresAt: Date.now() + 3_600_000, idleAt: Date.now() + 3_600_000 };

describe('session memory of a process', () => {
  afterEach(() => configureSessionCache(DEFAULT_SESSION_CACHE_MS));

  it('recalls a session for its lifetime only, and never past its expiry or idle limit', () => {
    configureSessionCache(1000);
    const now = Date.now() + 10_000; // clear of any hold left by other tests
    rememberSession('h1', state, far, now);
    expect(recallSession('h1', now + 999)).toBe(state);
    expect(recallSession('h1', now + 1000)).toBeNull();
    rememberSession('h2', state, { expiresAt: now + 10, idleAt: far.idleAt }, now);
    expect(recallSession('h2', now + 10)).toBeNull();
    rememberSession('h3', state, { expiresAt: far.expiresAt, idleAt: now + 5 }, now);
    expect(recallSession('h3', now + 5)).toBeNull();
  });

  it('forgets everything when access changes, and remembers nothing for one lifetime after', () => {
    configureSessionCache(1000);
    const now = Date.now() + 10_000;
    rememberSession('h4', state, far, now);
    accessChanged();
    expect(recallSession('h4', now)).toBeNull();
    // A look-up that raced with the change (read before its commit) is not kept…
    rememberSession('h5', state, far, Date.now() + 500);
    expect(recallSession('h5', Date.now() + 600)).toBeNull();
    // …but one made a lifetime later is.
    const later = Date.now() + 1001;
    rememberSession('h6', state, far, later);
    expect(recallSession('h6', later + 1)).toBe(state);
    forgetSessions();
  });

  it('remembers nothing when turned off (SESSION_CACHE_MS=0)', () => {
    configureSessionCache(0);
    const now = Date.now() + 10_000;
    rememberSession('h7', state, far, now);
    expect(recallSession('h7', now)).toBeNull();
  });
});
