import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { loginAs, openPage, shot, startSystem, type System } from './system.js';

let sys: System;
beforeAll(async () => {
  sys = await startSystem();
});
afterAll(async () => sys?.stop());

const fill = async (page: Page, testId: string, value: string) => {
  const el = page.getByTestId(testId);
  const inner = el.locator('input');
  await ((await inner.count()) > 0 ? inner.first() : el).fill(value);
};

for (const lang of ['zh-CN', 'en'] as const) {
  describe(`admin app (${lang})`, () => {
    it('shows the login page and refuses a wrong password with a message', async () => {
      const page = await openPage(sys, { lang });
      await page.goto(`${sys.url}/`);
      await page.getByTestId('login-submit').waitFor();
      await shot(page, `login-${lang}`);
      await fill(page, 'login-username', 'admin');
      await fill(page, 'login-password', 'wrong-Password1');
      await page.getByTestId('login-submit').click();
      const error = page.getByTestId('login-error');
      await error.waitFor();
      expect(await error.innerText()).toContain(lang === 'en' ? 'Wrong username or password' : '用户名或密码错误');
      await page.context().close();
    });

    it('logs in, browses the region tree and map down to a grid', async () => {
      const page = await openPage(sys, { lang });
      await loginAs(page, sys.url, 'admin');
      await page.getByTestId('menu-regions').click();
      await page.getByTestId('region-tree').waitFor();
      await page.getByTestId('region-map').waitFor();
      const tree = page.getByTestId('region-tree');
      // Expand 海口市 → 美兰区 → 海甸街道 → 新安社区, each time waiting for the next level to load.
      const path = ['海口市', '美兰区', '海甸街道', '新安社区'];
      for (const [i, name] of path.entries()) {
        const node = tree.getByText(name, { exact: true }).first();
        await node.waitFor();
        await node.click();
        const next = path[i + 1];
        const child = next ? tree.getByText(next, { exact: true }).first() : tree.getByText(/新安社区第\d+网格/).first();
        if (!(await child.isVisible())) {
          const row = tree.locator('.ant-tree-treenode', { has: page.getByText(name, { exact: true }) }).first();
          await row.locator('.ant-tree-switcher').click();
        }
        await child.waitFor();
      }
      await page.getByTestId('region-detail').getByText('新安社区').first().waitFor();
      await page.waitForTimeout(1200); // let the map draw
      await shot(page, `regions-community-${lang}`);
      const grid = tree.getByText(/新安社区第\d+网格/).first();
      // Under load the tree may re-render collapsed after the community's data arrives: open it again if so.
      for (let attempt = 0; attempt < 5 && !(await grid.isVisible()); attempt++) {
        const row = tree.locator('.ant-tree-treenode', { has: page.getByText('新安社区', { exact: true }) }).first();
        await row.locator('.ant-tree-switcher').click();
        await page.waitForTimeout(500);
      }
      await grid.click();
      await page.getByTestId('region-detail').getByText(/新安社区第\d+网格/).first().waitFor();
      await page.waitForTimeout(1200);
      await shot(page, `regions-grid-${lang}`);
      const detail = await page.getByTestId('region-detail').innerText();
      expect(detail).toContain('林小红'); // the grid worker of the first grid
      await page.context().close();
    });

    it('creates a user with a role in a community and finds it in the list', async () => {
      const page = await openPage(sys, { lang });
      await loginAs(page, sys.url, 'admin');
      await page.getByTestId('menu-users').click();
      await page.getByTestId('users-table').waitFor();
      await shot(page, `users-${lang}`);
      await page.getByTestId('user-new').click();
      const username = `e2e_${lang.replace('-', '')}_${Date.now().toString(36)}`;
      await fill(page, 'user-form-username', username);
      await fill(page, 'user-form-displayName', lang === 'en' ? 'Test Grid Worker' : '测试网格员');
      await fill(page, 'user-form-password', 'Haikou#2026x');
      await fill(page, 'user-form-phone', '13800138000');
      // Role: grid worker; region: a grid of 新安社区, picked through the tree select.
      // Typed and taken with Enter: a click on an option while the drawer still moves can miss it.
      const roleName = lang === 'en' ? 'Grid worker' : '网格员';
      await page.getByTestId('user-form-role').click();
      await page.keyboard.type(roleName);
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option-active').filter({ hasText: roleName }).first().waitFor();
      await page.keyboard.press('Enter');
      await expect.poll(async () => page.getByTestId('user-form-role').innerText()).toContain(roleName);
      await page.getByTestId('user-form-region').click();
      const dropdown = page.locator('.ant-select-dropdown:visible');
      const path = ['海口市', '美兰区', '海甸街道', '新安社区'];
      for (const [i, name] of path.entries()) {
        const row = dropdown.locator('.ant-select-tree-treenode', { hasText: name }).first();
        await row.waitFor();
        const next = path[i + 1];
        const child = dropdown.locator('.ant-select-tree-treenode', { hasText: next ?? '新安社区第2网格' }).first();
        // Expand only a closed node (a second click on a loading one would close it), and retry under load.
        for (let attempt = 0; attempt < 4 && !(await child.isVisible()); attempt++) {
          const closed = row.locator('.ant-select-tree-switcher_close');
          if ((await closed.count()) > 0) await closed.first().click();
          await child.waitFor({ timeout: 5000 }).catch(() => undefined);
        }
        await child.waitFor();
      }
      await dropdown.getByText(/新安社区第2网格/).first().click();
      await shot(page, `users-new-${lang}`);
      await page.getByTestId('user-form-submit').click();
      await page.getByTestId('users-table').getByText(username).waitFor({ timeout: 15_000 });
      const row = await page.getByTestId('users-table').locator('tr', { hasText: username }).innerText();
      expect(row).toContain('138****8000');
      await shot(page, `users-created-${lang}`);
      await page.context().close();
    });

    it('shows the audit trail, including that user being created, and verifies the chain', async () => {
      const page = await openPage(sys, { lang });
      await loginAs(page, sys.url, 'admin');
      await page.getByTestId('menu-audit').click();
      await page.getByTestId('audit-table').getByText('users.create').first().waitFor();
      await page.getByTestId('audit-verify').click();
      const result = page.getByTestId('audit-verify-result');
      await result.waitFor();
      expect(await result.innerText()).toMatch(lang === 'en' ? /Audit chain intact: \d+ records checked/ : /\d+/);
      await shot(page, `audit-${lang}`);
      await page.context().close();
    });
  });
}
