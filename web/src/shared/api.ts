import { currentLanguage, i18n } from './i18n';

/** An error answer from the server, or a failure to reach it (status 0). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  /** Name (path) of the request field the error is about, e.g. `username` or `grants.0.regionId`. */
  readonly field?: string;
  /** For 423 account_locked: seconds until the account unlocks. */
  readonly retryAfterSeconds?: number;

  constructor(init: { status: number; code: string; message: string; field?: string; retryAfterSeconds?: number }) {
    super(init.message);
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    if (init.field !== undefined) {
      this.field = init.field;
    }
    if (init.retryAfterSeconds !== undefined) {
      this.retryAfterSeconds = init.retryAfterSeconds;
    }
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

/** A message for any thrown value, in the user's language when it did not come from the server. */
export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) {
    return e.message;
  }
  return i18n.t('errors.unexpected');
}

type QueryValue = string | number | boolean | null | undefined;
export type Query = Record<string, QueryValue>;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  query?: Query;
  signal?: AbortSignal;
  /** Do not run the global "not logged in" handler on a 401 (used by the login and session probes). */
  skipAuthRedirect?: boolean;
  /** Extra request headers (e.g. `Idempotency-Key`). */
  headers?: Record<string, string>;
  /** A raw body (a file) sent as is with its own Content-Type instead of JSON. */
  raw?: { data: Blob; type: string };
}

let unauthorizedHandler: (() => void) | null = null;

/** Called when any request except login answers 401: the app sends the user to its login page. */
export function setUnauthorizedHandler(fn: (() => void) | null): void {
  unauthorizedHandler = fn;
}

export function buildUrl(path: string, query?: Query): string {
  if (!query) {
    return path;
  }
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined && v !== null && v !== '') {
      params.set(k, String(v));
    }
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

async function parseError(res: Response): Promise<ApiError> {
  let body: unknown = null;
  const type = res.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    try {
      body = await res.json();
    } catch {
      body = null;
    }
  }
  const fallback = i18n.t('errors.http', { status: res.status });
  if (isRecord(body)) {
    const err = body['error'];
    if (isRecord(err)) {
      const retry = err['retryAfterSeconds'];
      return new ApiError({
        status: res.status,
        code: str(err['code']) ?? `http_${res.status}`,
        message: str(err['message']) ?? fallback,
        ...(str(err['field']) !== undefined ? { field: str(err['field']) } : {}),
        ...(typeof retry === 'number' ? { retryAfterSeconds: retry } : {}),
      });
    }
    // Fastify's default error shape: { statusCode, code?, error: 'Bad Request', message }
    return new ApiError({
      status: res.status,
      code: str(body['code']) ?? `http_${res.status}`,
      message: str(body['message']) ?? fallback,
    });
  }
  return new ApiError({ status: res.status, code: `http_${res.status}`, message: fallback });
}

const LOGIN_PATH = '/api/auth/login';

async function send(path: string, opts: RequestOptions, accept: string): Promise<Response> {
  const headers: Record<string, string> = {
    ...opts.headers,
    Accept: accept,
    'Accept-Language': currentLanguage(),
  };
  let body: string | Blob | undefined;
  if (opts.raw) {
    headers['Content-Type'] = opts.raw.type;
    body = opts.raw.data;
  } else if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  let res: Response;
  try {
    res = await fetch(buildUrl(path, opts.query), {
      method: opts.method ?? 'GET',
      headers,
      body,
      credentials: 'include',
      signal: opts.signal,
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') {
      throw e;
    }
    throw new ApiError({ status: 0, code: 'network_error', message: i18n.t('errors.network') });
  }
  if (!res.ok) {
    const err = await parseError(res);
    if (res.status === 401 && !opts.skipAuthRedirect && !path.startsWith(LOGIN_PATH)) {
      unauthorizedHandler?.();
    }
    throw err;
  }
  return res;
}

/** Sends a JSON request; resolves with the parsed body (undefined for 204), rejects with ApiError. */
export async function request<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const res = await send(path, opts, 'application/json');
  if (res.status === 204) {
    return undefined as T;
  }
  const text = await res.text();
  if (!text) {
    return undefined as T;
  }
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ApiError({ status: res.status, code: 'bad_response', message: i18n.t('errors.badResponse') });
  }
}

/** An uploaded file as the server describes it (attach it to a record by id). */
export interface UploadedFile {
  id: string;
  name: string;
  mime: string;
  size: number;
}

/** Uploads one file (raw body with its own Content-Type); resolves with its id. */
export async function uploadFile(data: Blob, name: string, type = data.type): Promise<UploadedFile> {
  const res = await request<{ file: UploadedFile }>(buildUrl('/api/files', { name: name.slice(0, 120) || 'upload' }), {
    method: 'POST',
    raw: { data, type },
  });
  return res.file;
}

/** Where the browser shows an uploaded file (the session cookie authorises it). */
export function fileUrl(id: string): string {
  return `/api/files/${encodeURIComponent(id)}`;
}

export const api = {
  get: <T>(path: string, query?: Query, opts: Omit<RequestOptions, 'query' | 'method'> = {}) =>
    request<T>(path, { ...opts, method: 'GET', ...(query ? { query } : {}) }),
  post: <T>(path: string, body?: unknown, opts: Omit<RequestOptions, 'body' | 'method'> = {}) =>
    request<T>(path, { ...opts, method: 'POST', body: body ?? {} }),
  patch: <T>(path: string, body: unknown) => request<T>(path, { method: 'PATCH', body }),
  del: <T = void>(path: string) => request<T>(path, { method: 'DELETE' }),
};

function filenameFrom(disposition: string | null, fallback: string): string {
  if (!disposition) {
    return fallback;
  }
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(disposition);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1].trim());
    } catch {
      // fall through to the plain filename
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/.exec(disposition);
  return plain?.[1]?.trim() || fallback;
}

/** Downloads a file answer (e.g. an export) and saves it; errors come back as ApiError like any request. */
export async function downloadFile(path: string, query: Query, fallbackName: string): Promise<void> {
  const res = await send(buildUrl(path, query), {}, '*/*');
  const blob = await res.blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filenameFrom(res.headers.get('content-disposition'), fallbackName);
  document.body.appendChild(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
