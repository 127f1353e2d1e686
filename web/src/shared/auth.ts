import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { api, ApiError } from './api';
import type { Me } from './types';

export const ME_KEY = ['auth', 'me'] as const;

/** The logged-in user, or null when there is no session. */
export async function fetchMe(): Promise<Me | null> {
  try {
    const res = await api.get<{ user: Me }>('/api/auth/me', undefined, { skipAuthRedirect: true });
    return res.user;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      return null;
    }
    throw e;
  }
}

export function useMe() {
  return useQuery({ queryKey: ME_KEY, queryFn: fetchMe, staleTime: 5 * 60_000 });
}

export interface LoginInput {
  username: string;
  password: string;
  totp?: string;
}

export async function login(input: LoginInput): Promise<Me> {
  const res = await api.post<{ user: Me }>('/api/auth/login', input, { skipAuthRedirect: true });
  return res.user;
}

/** Forgets everything cached for the previous user and marks the session as gone. */
export function resetSession(qc: QueryClient): void {
  qc.cancelQueries().catch(() => undefined);
  qc.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_KEY[0] || q.queryKey[1] !== ME_KEY[1] });
  qc.setQueryData(ME_KEY, null);
}

export function useLogout(): () => Promise<void> {
  const qc = useQueryClient();
  return useCallback(async () => {
    try {
      await api.post<void>('/api/auth/logout', undefined, { skipAuthRedirect: true });
    } catch {
      // the session may already be gone; the user is logged out either way
    }
    setLoginNotice('loggedOut');
    resetSession(qc);
  }, [qc]);
}

/** Only same-origin paths are accepted as a place to return to after login. */
export function safeNext(next: string | null | undefined, fallback: string): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) {
    return fallback;
  }
  return next;
}

export type LoginNotice = 'passwordChanged' | 'loggedOut';
let loginNotice: LoginNotice | null = null;

/** A message for the login page to show once (e.g. after a password change ended the session). */
export function setLoginNotice(n: LoginNotice | null): void {
  loginNotice = n;
}

export function peekLoginNotice(): LoginNotice | null {
  return loginNotice;
}
