import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { PASSWORD, type System } from './system.js';

/** A 32×32 chequered PNG (Party red and gold): the "photo" of a place in the journeys. */
const PHOTO = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAACAAAAAgCAIAAAD8GO2jAAAAOklEQVR42mM4ISaLFb3Y4I0VkaqeYdSCUQuGgAXUMgiX+lELRi0YChaMFhWjFoxaMFofjFowagEQAQBl2LxMYclCFQAAAABJRU5ErkJggg==',
  'base64',
);

/** A file for `setInputFiles`: the test photo under a name. */
export const photoFile = (name: string) => ({ name, mimeType: 'image/png', buffer: PHOTO });

/** Fills the input or textarea inside the element with this test id (antd and antd-mobile put the id on a wrapper). */
export async function fill(scope: Page | Locator, testId: string, value: string) {
  const el = scope.getByTestId(testId);
  await el.waitFor();
  const inner = el.locator('input, textarea');
  await ((await inner.count()) > 0 ? inner.first() : el).fill(value);
}

/** Waits for passing toasts (antd message, antd-mobile Toast) to go, so screenshots show the page. */
export async function settle(page: Page) {
  await expect.poll(async () => page.locator('.ant-message-notice, .adm-toast-mask').count(), { timeout: 8_000 }).toBe(0);
  await page.waitForTimeout(300);
}

export interface Api {
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body: Record<string, unknown>): Promise<T>;
}

/** Logs in through the API: GET and POST with the session cookie, failing the test on any answer but 2xx. */
export async function apiAs(sys: System, username: string): Promise<Api> {
  const res = await fetch(`${sys.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  expect(res.status).toBe(200);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const call = async <T>(method: string, path: string, body?: Record<string, unknown>): Promise<T> => {
    const r = await fetch(`${sys.url}${path}`, {
      method,
      headers: body ? { cookie, 'content-type': 'application/json' } : { cookie },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await r.text();
    expect(r.ok, `${method} ${path}: ${text}`).toBe(true);
    return (text ? JSON.parse(text) : null) as T;
  };
  return { get: (path) => call('GET', path), post: (path, body) => call('POST', path, body) };
}
