import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { spawnServer } from '../server/test/helpers/spawn-server.js';

export const ROOT = path.resolve(import.meta.dirname, '..');
export const SHOTS = path.join(ROOT, 'artifacts', 'screenshots');
export const PASSWORD = 'Tongxin@2026';

/** Chromium flags from GUIDE.md §3: WebGL through SwiftShader, no background traffic. */
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export interface System {
  url: string;
  browser: Browser;
  stop(): Promise<void>;
}

/** Starts the whole system as `npm start` does (built web app, PGlite, demo city) in a fresh data folder. */
export async function startSystem(): Promise<System> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tongxin-e2e-'));
  mkdirSync(SHOTS, { recursive: true });
  const server = spawnServer({ env: { DATA_DIR: dataDir, WEB_DIST: path.join(ROOT, 'web/dist') }, timeoutMs: 120_000 });
  const url = await server.ready;
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS, headless: true });
  return {
    url,
    browser,
    async stop() {
      await browser.close();
      server.child.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 300));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: false });
}

/** Opens a page with the language preset (localStorage tx_lang) before the app boots. */
export async function openPage(sys: System, opts: { lang: 'zh-CN' | 'en'; mobile?: boolean }): Promise<Page> {
  const context = await sys.browser.newContext({
    viewport: opts.mobile ? { width: 375, height: 812 } : { width: 1440, height: 900 },
    deviceScaleFactor: opts.mobile ? 2 : 1,
    locale: opts.lang,
    timezoneId: 'Asia/Shanghai',
    isMobile: opts.mobile ?? false,
    hasTouch: opts.mobile ?? false,
  });
  await context.addInitScript((lang) => window.localStorage.setItem('tx_lang', lang), opts.lang);
  return context.newPage();
}

export async function loginAs(page: Page, base: string, username: string): Promise<void> {
  await page.goto(`${base}/`);
  await page.getByTestId('login-username').locator('input').or(page.getByTestId('login-username')).first().fill(username);
  await page.getByTestId('login-password').locator('input').or(page.getByTestId('login-password')).first().fill(PASSWORD);
  await page.getByTestId('login-submit').click();
}
