/** 接诉即办 (appeals): the queries both apps use and the commands they send. */
import { useQuery } from '@tanstack/react-query';
import { api, ApiError } from '../api';
import type { Satisfaction, SupervisionLevel } from './lists';
import type { Appeal, AppealCategory, AppealDetail, AppealListQuery, CommandBody, Department, IntakeBody, IntakeResult } from './types';

export const appealKeys = {
  all: ['appeals'] as const,
  list: (q: AppealListQuery) => ['appeals', 'list', q] as const,
  detail: (id: string) => ['appeals', 'detail', id] as const,
  categories: ['appeals', 'categories'] as const,
  departments: ['departments'] as const,
};

export function fetchAppeals(q: AppealListQuery) {
  return api.get<{ items: Appeal[]; total: number }>('/api/appeals', q);
}

export function useAppeals(q: AppealListQuery, enabled = true) {
  return useQuery({ queryKey: appealKeys.list(q), queryFn: () => fetchAppeals(q), enabled, placeholderData: (prev) => prev });
}

export function useAppeal(id: string | undefined) {
  return useQuery({
    queryKey: appealKeys.detail(id ?? ''),
    queryFn: async () => (await api.get<{ appeal: AppealDetail }>(`/api/appeals/${encodeURIComponent(id ?? '')}`)).appeal,
    enabled: !!id,
    staleTime: 5_000,
  });
}

export function useCategories() {
  return useQuery({
    queryKey: appealKeys.categories,
    queryFn: async () => (await api.get<{ items: AppealCategory[] }>('/api/appeals/categories')).items,
    staleTime: 10 * 60_000,
  });
}

export function useDepartments(enabled = true) {
  return useQuery({
    queryKey: appealKeys.departments,
    queryFn: async () => (await api.get<{ items: Department[] }>('/api/departments')).items,
    staleTime: 10 * 60_000,
    enabled,
  });
}

/** Creates a case. The key makes a retry (or a double click) return the first case instead of a second one. */
export function createAppeal(body: IntakeBody, idempotencyKey: string) {
  return api.post<IntakeResult>('/api/appeals', body, { headers: { 'Idempotency-Key': idempotencyKey } });
}

export function giveCommand(id: string, body: CommandBody) {
  return api.post<{ appeal: Appeal }>(`/api/appeals/${encodeURIComponent(id)}/commands`, body);
}

export function setAnonymity(id: string, anonymous: boolean) {
  return api.post<{ appeal: Appeal }>(`/api/appeals/${encodeURIComponent(id)}/anonymity`, { anonymous });
}

/** A caller rates the handling of their case (评价); the system may make the return visit at once. */
export function rateAppeal(id: string, result: Satisfaction, comment?: string) {
  return api.post<{ appeal: Appeal }>(`/api/appeals/${encodeURIComponent(id)}/rating`, { result, ...(comment ? { comment } : {}) });
}

export function superviseAppeal(id: string, level: SupervisionLevel, reason: string) {
  return api.post<{ appeal: Appeal }>(`/api/appeals/${encodeURIComponent(id)}/supervision`, { level, reason });
}

/** A fresh key per submission (crypto.randomUUID where the page is a secure context). */
export function newIdempotencyKey(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') {
    return crypto.randomUUID();
  }
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/* ------------------------------------------------------------------ errors */

/** Server fields named after the state machine's arguments, mapped to the request's own field names. */
const FIELD_ALIASES: Record<string, string> = {
  assists: 'assistDepartmentIds',
  unit: 'reply',
};

/** The form field a command error is about, if any. */
export function errorField(e: unknown): string | undefined {
  if (!(e instanceof ApiError) || !e.field) return undefined;
  const head = e.field.split(/[.[\]]/)[0] ?? e.field;
  return FIELD_ALIASES[head] ?? head;
}

/**
 * A statistics route that is not there (yet): 404, or — since `/api/appeals/stats` then matches
 * `/api/appeals/:id` — a 400 about the `id` parameter. The page then says so instead of failing.
 */
export function isMissingRoute(e: unknown): boolean {
  return e instanceof ApiError && (e.status === 404 || e.status === 501 || (e.status === 400 && e.field === 'id'));
}
