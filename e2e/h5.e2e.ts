import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, openPage, shot, startSystem, type System } from './system.js';

let sys: System;
beforeAll(async () => {
  sys = await startSystem();
});
afterAll(async () => sys?.stop());

const ROLES = [
  { username: 'resident', role: 'resident' },
  { username: 'grid', role: 'grid_worker' },
] as const;

for (const lang of ['zh-CN', 'en'] as const) {
  describe(`mobile H5 at 375 px (${lang})`, () => {
    for (const { username, role } of ROLES) {
      it(`logs a ${role} in and shows that role's home page without horizontal scrolling`, async () => {
        const page = await openPage(sys, { lang, mobile: true });
        await page.goto(`${sys.url}/h5`);
        expect(new URL(page.url()).pathname).toBe('/h5/');
        const user = page.getByTestId('login-username');
        await user.waitFor();
        if (username === 'resident') await shot(page, `h5-login-${lang}`);
        await (await user.locator('input').count() ? user.locator('input').first() : user).fill(username);
        const pw = page.getByTestId('login-password');
        await (await pw.locator('input').count() ? pw.locator('input').first() : pw).fill(PASSWORD);
        await page.getByTestId('login-submit').click();
        await page.getByTestId(`h5-role-${role}`).waitFor();
        await page.getByTestId('h5-tabbar').waitFor();
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        expect(width).toBeLessThanOrEqual(375);
        await shot(page, `h5-home-${role}-${lang}`);
        await page.context().close();
      });
    }
  });
}
