import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import path from 'node:path';
import { apiAs, fill } from './helpers.js';
import { loginAs, openPage, SHOTS, startSystem, type System } from './system.js';

/**
 * 接诉即办 configuration, end to end: the demo administrator adds a category under 市政设施 on the category page,
 * routes it in 新安社区 to 园林绿化局 on the routing-rule page, then a case filed in that category (hotline, through
 * the API) is routed by the rule, and the case page shows it.
 */

let sys: System;
beforeAll(async () => {
  sys = await startSystem();
});
afterAll(async () => sys?.stop());

const NAME = '井盖异响（测试）';
const CODE = 'E2E0399';
const LEAD = '园林绿化局';

/** Waits for passing toasts to go, then a screenshot of the viewport. */
async function shotSettled(page: Page, name: string) {
  await expect.poll(async () => page.locator('.ant-message-notice').count(), { timeout: 8_000 }).toBe(0);
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: false });
}

/** Chooses an option of an antd select (or tree select) by typing and taking the highlighted match with Enter. */
async function choose(page: Page, select: Locator, text: string) {
  await select.click();
  await page.keyboard.type(text);
  await page.locator('.ant-select-dropdown:visible').getByText(text).first().waitFor();
  await page.keyboard.press('Enter');
  await expect.poll(async () => select.innerText()).toContain(text);
}

describe('接诉即办 configuration (admin)', () => {
  it('adds a category, routes it in a community, and a case in it follows the rule', async () => {
    const page = await openPage(sys, { lang: 'zh-CN' });
    await loginAs(page, sys.url, 'admin');

    // The category tree: search, pick 市政设施, add a child under it.
    await page.getByTestId('menu-appeals-categories').click();
    await page.getByTestId('category-tree').waitFor();
    await fill(page, 'category-search', '市政');
    await page.locator('[data-testid="category-node"][data-code="03"]').click();
    await page.locator('[data-testid="category-editor"][data-code="03"]').waitFor();
    await shotSettled(page, 'appeals-config-categories-zh-CN');
    await page.getByTestId('category-add-child').click();
    const dialog = page.locator('.ant-modal:visible');
    await dialog.getByTestId('category-create-form').waitFor();
    await fill(dialog, 'category-form-code', CODE);
    await fill(dialog, 'category-form-name', NAME);
    await fill(dialog, 'category-form-workingDays', '3');
    await shotSettled(page, 'appeals-config-category-new-zh-CN');
    await dialog.getByTestId('category-create-submit').click();
    await page.locator(`[data-testid="category-editor"][data-code="${CODE}"]`).waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('category-editor').innerText()).toContain('市政设施');
    await shotSettled(page, 'appeals-config-category-created-zh-CN');

    // A routing rule: this category in 新安社区 goes to 园林绿化局.
    await page.getByTestId('menu-appeals-rules').click();
    await page.getByTestId('rules-table').waitFor();
    await page.getByTestId('rule-add').click();
    const form = page.locator('.ant-modal:visible');
    await form.getByTestId('rule-form').waitFor();
    await choose(page, form.getByTestId('rule-category'), NAME);
    await form.getByTestId('rule-region').click();
    const dropdown = page.locator('.ant-select-dropdown:visible');
    const trail = ['海口市', '美兰区', '海甸街道', '新安社区'];
    for (const [i, name] of trail.entries()) {
      const next = trail[i + 1];
      if (!next) break;
      const row = dropdown.locator('.ant-select-tree-treenode', { hasText: name }).first();
      await row.waitFor();
      const child = dropdown.locator('.ant-select-tree-treenode', { hasText: next }).first();
      // Expand only a closed node (a second click on a loading one would close it), and retry under load.
      for (let attempt = 0; attempt < 4 && !(await child.isVisible()); attempt++) {
        const closed = row.locator('.ant-select-tree-switcher_close');
        if ((await closed.count()) > 0) await closed.first().click();
        await child.waitFor({ timeout: 5000 }).catch(() => undefined);
      }
      await child.waitFor();
    }
    await dropdown.locator('.ant-select-tree-node-content-wrapper', { hasText: /^新安社区/ }).first().click();
    await expect.poll(async () => form.getByTestId('rule-region').innerText()).toContain('新安社区');
    await choose(page, form.getByTestId('rule-lead'), LEAD);
    await fill(form, 'rule-priority', '10');
    await shotSettled(page, 'appeals-config-rule-new-zh-CN');
    await form.getByTestId('rule-submit').click();
    await form.waitFor({ state: 'hidden', timeout: 15_000 });
    const row = page.getByTestId('rules-table').locator('tr', { hasText: NAME });
    await row.waitFor({ timeout: 15_000 });
    const text = await row.innerText();
    expect(text).toContain('新安社区');
    expect(text).toContain(LEAD);
    expect(text).toContain('部门承办');
    await shotSettled(page, 'appeals-config-rules-zh-CN');

    // A hotline case in the new category, in 新安社区: the rule routes it to 园林绿化局.
    const admin = await apiAs(sys, 'admin');
    const { items: cats } = await admin.get<{ items: Array<{ id: string; code: string }> }>('/api/appeals/categories');
    const category = cats.find((c) => c.code === CODE);
    expect(category).toBeDefined();
    const { items: grids } = await admin.get<{ items: Array<{ id: string; name: string }> }>(`/api/regions/search?level=grid&q=${encodeURIComponent('新安社区第1网格')}`);
    const grid = grids.find((g) => g.name === '新安社区第1网格')!;
    const { region } = await admin.get<{ region: { buildings?: Array<{ point: [number, number] | null }>; centroid: [number, number] | null } }>(`/api/regions/${grid.id}`);
    const at = region.buildings?.find((b) => b.point)?.point ?? region.centroid!;
    const dispatcher = await apiAs(sys, 'dispatcher');
    const { appeal } = await dispatcher.post<{ appeal: { id: string; number: string; status: string } }>('/api/appeals', {
      categoryId: category!.id,
      title: '井盖晚上有异响',
      description: '新安社区路口井盖车辆经过时异响',
      point: { lng: at[0], lat: at[1], crs: 'wgs84' },
    });
    expect(appeal.status).toBe('pending_dispatch');
    const { appeal: detail } = await dispatcher.get<{ appeal: { leadDepartmentName: string; categoryName: string; suggestedRoute: { decidedBy: string; leadDepartmentName: string; rule: { regionName: string } | null } } }>(
      `/api/appeals/${appeal.id}`,
    );
    expect(detail.leadDepartmentName).toBe(LEAD);
    expect(detail.categoryName).toBe(NAME);
    expect(detail.suggestedRoute).toMatchObject({ decidedBy: 'rule', leadDepartmentName: LEAD, rule: { regionName: '新安社区' } });

    // The administrator sees the case with its lead department.
    await page.goto(`${sys.url}/appeals/${appeal.id}`);
    await page.getByTestId('case-number').filter({ hasText: appeal.number }).waitFor({ timeout: 15_000 });
    await page.getByText(LEAD).first().waitFor();
    await shotSettled(page, 'appeals-config-case-routed-zh-CN');
    await page.context().close();
  });

  it('shows the configuration pages in English too', async () => {
    const page = await openPage(sys, { lang: 'en' });
    await loginAs(page, sys.url, 'admin');
    await page.getByTestId('menu-appeals-rules').click();
    await page.getByTestId('rules-table').getByText(NAME).waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('appeals-rules').innerText()).toContain('Routing rules');
    await shotSettled(page, 'appeals-config-rules-en');
    await page.getByTestId('menu-appeals-categories').click();
    await page.getByTestId('category-tree').waitFor();
    await shotSettled(page, 'appeals-config-categories-en');
    await page.context().close();
  });
});
