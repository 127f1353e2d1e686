import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import path from 'node:path';
import { apiAs, fill, photoFile, settle } from './helpers.js';
import { loginAs, openPage, shot, SHOTS, startSystem, type System } from './system.js';

/**
 * 接诉即办 end to end: (a) a resident reports on the H5, the case goes straight to the grid worker, who
 * accepts, checks in on site with a photo, starts and replies; the community secretary approves the reply;
 * the resident rates it (满意) on the H5 and the system makes the return visit; the dispatcher finds it by
 * status and closes it; the resident sees it closed. (b) A joint case taken by the hotline, its dispatch form
 * filled in as routing suggests, dispatched to a lead and assisting departments; the lead asks to return it,
 * the dispatcher refuses.
 */

let sys: System;
beforeAll(async () => {
  sys = await startSystem();
});
afterAll(async () => sys?.stop());

/** A point inside 新安社区第1网格: one of its buildings, as the region API gives it. */
async function pointInFirstGrid(): Promise<{ longitude: number; latitude: number }> {
  const { get } = await apiAs(sys, 'admin');
  const found = await get<{ items: Array<{ id: string; name: string }> }>(
    `/api/regions/search?level=grid&q=${encodeURIComponent('新安社区第1网格')}`,
  );
  const grid = found.items.find((r) => r.name === '新安社区第1网格');
  expect(grid).toBeDefined();
  const { region } = await get<{ region: { buildings?: Array<{ point: [number, number] | null }>; centroid: [number, number] | null } }>(
    `/api/regions/${grid!.id}`,
  );
  const p = region.buildings?.find((b) => b.point)?.point ?? region.centroid;
  expect(p).toBeTruthy();
  return { longitude: p![0], latitude: p![1] };
}

async function mobileAt(lang: 'zh-CN' | 'en', at: { longitude: number; latitude: number }): Promise<Page> {
  const page = await openPage(sys, { lang, mobile: true });
  const ctx: BrowserContext = page.context();
  await ctx.grantPermissions(['geolocation'], { origin: sys.url });
  await ctx.setGeolocation(at);
  return page;
}

/** Waits until an antd-mobile image uploader has finished every upload. */
async function uploaded(scope: Locator, count: number) {
  await expect.poll(async () => scope.locator('.adm-image-uploader-cell:not(.adm-image-uploader-cell-fail) img').count(), { timeout: 15_000 }).toBe(count);
  await expect.poll(async () => scope.locator('.adm-image-uploader-cell-mask').count(), { timeout: 15_000 }).toBe(0);
}

async function h5Status(page: Page, status: string) {
  await page.locator(`[data-testid="h5-detail-status"][data-status="${status}"]`).waitFor({ state: 'attached', timeout: 15_000 });
}

async function adminStatus(page: Page, status: string) {
  await page.locator(`[data-testid="case-detail"][data-status="${status}"]`).waitFor({ timeout: 15_000 });
}

/** Opens a case from the admin list: the tab, then the row with its number. */
async function openFromList(page: Page, tab: string, number: string) {
  await page.getByTestId('menu-appeals').click();
  await page.getByTestId(`cases-tab-${tab}`).click();
  await page.getByTestId('cases-table').getByText(number, { exact: true }).click();
  await page.getByTestId('case-number').filter({ hasText: number }).waitFor();
}

/** Gives a command from the case page's action bar through its form. */
async function command(page: Page, type: string, fields: Record<string, string> = {}) {
  await page.getByTestId(`cmd-${type}`).click();
  const dialog = page.locator('.ant-modal:visible');
  await dialog.waitFor();
  for (const [testId, value] of Object.entries(fields)) await fill(dialog, testId, value);
  await dialog.getByTestId('cmd-submit').click();
  await dialog.waitFor({ state: 'hidden' });
}

/** A screenshot of the whole page (long case pages), after the toasts. */
async function shotFull(page: Page, name: string) {
  await settle(page);
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

/** Chooses an option of an antd select by typing its name and taking the highlighted match. */
async function choose(page: Page, select: Locator, text: string) {
  await select.click();
  await page.keyboard.type(text);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option-active').filter({ hasText: text }).first().waitFor();
  await page.keyboard.press('Enter');
  await expect.poll(async () => select.innerText()).toContain(text);
}

describe('接诉即办 (appeals)', () => {
  it('grid case: resident reports on the H5, grid worker handles it, secretary approves, resident rates, system visits, dispatcher closes', async () => {
    const at = await pointInFirstGrid();

    // The resident reports, at 375 px, with the phone's position.
    const resident = await mobileAt('zh-CN', at);
    await loginAs(resident, `${sys.url}/h5`, 'resident');
    await resident.getByTestId('h5-tile-resident-report').click();
    await resident.getByTestId('h5-report').waitFor();
    await expect.poll(async () => resident.getByTestId('h5-report-grid').textContent(), { timeout: 15_000 }).toContain('新安社区第1网格');
    await resident.getByTestId('h5-report-category').click();
    const picker = resident.locator('.adm-picker');
    await picker.locator('.adm-picker-view-column-item', { hasText: '社区治理' }).first().click();
    await picker.locator('.adm-picker-view-column-item', { hasText: '楼道堆物与消防通道堵塞' }).first().click();
    await picker.locator('.adm-picker-header-button', { hasText: '确定' }).click();
    await expect.poll(async () => resident.getByTestId('h5-report-category').textContent()).toContain('楼道堆物与消防通道堵塞');
    await picker.waitFor({ state: 'hidden' });
    await fill(resident, 'h5-report-description', '3 单元楼道堆满纸箱和旧家具，堵住了消防通道，请尽快清理。');
    await resident.getByTestId('h5-report-photos').locator('input[type=file]').setInputFiles(photoFile('stairwell.png'));
    await uploaded(resident.getByTestId('h5-report-photos'), 1);
    expect(await resident.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await shot(resident, 'appeals-h5-report-zh-CN');
    await resident.getByTestId('h5-report-submit').click();
    const numberEl = resident.getByTestId('h5-report-number');
    await numberEl.waitFor({ state: 'attached' });
    const number = (await numberEl.textContent())!.trim();
    expect(number).toMatch(/^\d{8}-\d{6}$/);
    // Straight to the grid (直派): the case is waiting for the grid worker to accept it.
    expect(await resident.getByTestId('h5-report-done').innerText()).toContain('待签收');
    await shot(resident, 'appeals-h5-report-done-zh-CN');
    await resident.getByTestId('h5-report-view').click();
    await h5Status(resident, 'dispatched');

    // The grid worker: 我的工单 → accept → check in on site with a photo → start → reply.
    const grid = await mobileAt('zh-CN', at);
    await loginAs(grid, `${sys.url}/h5`, 'grid');
    await grid.getByTestId('h5-tile-grid_worker-myOrders').click();
    const item = grid.locator(`[data-testid="h5-case-item"][data-number="${number}"]`);
    await item.waitFor();
    await shot(grid, 'appeals-h5-orders-zh-CN');
    await item.click();
    await h5Status(grid, 'dispatched');
    await grid.getByTestId('h5-cmd-accept').click();
    await grid.locator('.adm-dialog-footer .adm-dialog-button', { hasText: '签收' }).click();
    await h5Status(grid, 'accepted');

    await grid.getByTestId('h5-cmd-checkIn').click();
    const checkIn = grid.getByTestId('h5-checkin');
    await expect.poll(async () => grid.getByTestId('h5-checkin-grid').textContent(), { timeout: 15_000 }).toContain('新安社区第1网格');
    await checkIn.getByTestId('h5-checkin-photo').locator('input[type=file]').setInputFiles(photoFile('on-site.png'));
    await uploaded(checkIn.getByTestId('h5-checkin-photo'), 1);
    await settle(grid);
    await shot(grid, 'appeals-h5-checkin-zh-CN');
    await grid.getByTestId('h5-checkin-submit').click();
    await h5Status(grid, 'on_site');

    await grid.getByTestId('h5-cmd-start').click();
    await grid.locator('.adm-dialog-footer .adm-dialog-button', { hasText: '开始办理' }).click();
    await h5Status(grid, 'in_progress');

    await grid.getByTestId('h5-cmd-reply').click();
    await fill(grid, 'h5-text', '已联系物业清理楼道杂物，消防通道已恢复畅通。');
    await grid.getByTestId('h5-text-submit').click();
    await h5Status(grid, 'replied');
    await grid.evaluate(() => window.scrollTo(0, 0));
    await grid.waitForTimeout(800); // let the mini map draw
    await shotFull(grid, 'appeals-h5-worker-replied-zh-CN');
    expect(await grid.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await grid.context().close();

    // The community secretary approves the reply (admin app).
    const secretary = await openPage(sys, { lang: 'zh-CN' });
    await loginAs(secretary, sys.url, 'community');
    await openFromList(secretary, 'replied', number);
    await adminStatus(secretary, 'replied');
    await command(secretary, 'approveReply');
    await adminStatus(secretary, 'reviewed');
    await secretary.context().close();

    // The resident rates the handling on the H5 (满意): every caller rated, none unsatisfied, so the system
    // makes the return visit at once.
    await resident.reload();
    await h5Status(resident, 'reviewed');
    const rating = resident.getByTestId('h5-rating');
    await rating.waitFor();
    await rating.getByTestId('h5-rating-result').getByText('满意', { exact: true }).click();
    await fill(rating, 'h5-rating-comment', '清理得很及时，谢谢网格员！');
    await rating.scrollIntoViewIfNeeded();
    await settle(resident);
    expect(await resident.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await shot(resident, 'appeals-h5-rating-zh-CN');
    await rating.getByTestId('h5-rating-submit').click();
    await h5Status(resident, 'visited');
    const mine = resident.getByTestId('h5-my-rating');
    await expect.poll(async () => mine.innerText(), { timeout: 15_000 }).toContain('你的评价：满意');
    expect(await resident.getByTestId('h5-system-visit').innerText()).toContain('系统已根据评价完成回访：满意');
    await resident.getByTestId('h5-rating').scrollIntoViewIfNeeded();
    await settle(resident);
    expect(await resident.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await shot(resident, 'appeals-h5-rated-zh-CN');

    // The dispatcher finds it among the visited cases (status filter) and archives it.
    const dispatcher = await openPage(sys, { lang: 'zh-CN' });
    await loginAs(dispatcher, sys.url, 'dispatcher');
    await dispatcher.getByTestId('menu-appeals').click();
    await dispatcher.getByTestId('cases-tab-all').click();
    await choose(dispatcher, dispatcher.getByTestId('cases-status'), '已回访');
    await dispatcher.keyboard.press('Escape');
    await expect.poll(async () => dispatcher.locator('.ant-select-dropdown:visible').count()).toBe(0);
    await dispatcher.getByTestId('cases-table').getByText(number, { exact: true }).waitFor();
    const row = await dispatcher.getByTestId('cases-table').locator('tr', { hasText: number }).innerText();
    expect(row).toContain('楼道堆物与消防通道堵塞');
    expect(row).toContain('新安社区第1网格');
    await settle(dispatcher);
    await shot(dispatcher, 'appeals-cases-visited-zh-CN');
    await dispatcher.getByTestId('cases-table').getByText(number, { exact: true }).click();
    await adminStatus(dispatcher, 'visited');
    // Names, not ids: the category path, the area, the grid worker.
    const basics = await dispatcher.getByTestId('case-basics').innerText();
    expect(basics).toContain('社区治理 / 楼道堆物与消防通道堵塞');
    expect(basics).toContain('新安社区 / 新安社区第1网格');
    expect(basics).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    await command(dispatcher, 'close');
    await adminStatus(dispatcher, 'closed');
    const timeline = await dispatcher.getByTestId('case-timeline').innerText();
    for (const step of ['到场签到', '开始办理', '办理反馈', '审核通过', '居民评价', '清理得很及时', '系统依据居民评价自动回访', '回访', '办结归档']) expect(timeline).toContain(step);
    // The check-in photo shows on the case.
    await dispatcher.getByTestId('case-onsite').locator('img').first().waitFor();
    await dispatcher.waitForTimeout(800);
    await shotFull(dispatcher, 'appeals-case-closed-zh-CN');
    await dispatcher.context().close();

    // The resident sees it closed, with the reply, their rating and the visit result.
    await resident.reload();
    await h5Status(resident, 'closed');
    const outcome = await resident.getByTestId('h5-outcome').innerText();
    expect(outcome).toContain('消防通道已恢复畅通');
    expect(outcome).toContain('满意');
    expect(await resident.getByTestId('h5-my-rating').innerText()).toContain('你的评价：满意');
    await shotFull(resident, 'appeals-h5-closed-zh-CN');
    expect(await resident.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await resident.context().close();
  }, 300_000);

  it('joint case: hotline intake, dispatch to a lead and assisting departments; the lead asks to return it and is refused', async () => {
    const dispatcher = await openPage(sys, { lang: 'zh-CN' });
    await loginAs(dispatcher, sys.url, 'dispatcher');
    await dispatcher.getByTestId('menu-appeals-intake').click();
    await dispatcher.getByTestId('intake-map').waitFor();

    // Category 餐饮油烟 (0601), typed into the cascader's search.
    await dispatcher.getByTestId('intake-category').click();
    await dispatcher.keyboard.type('餐饮油烟');
    await dispatcher.locator('.ant-cascader-dropdown:visible .ant-cascader-menu-item', { hasText: '餐饮油烟' }).first().click();
    await fill(dispatcher, 'intake-title', '楼下餐馆油烟直排扰民');
    await fill(dispatcher, 'intake-description', '来电人反映：海甸街道新安社区一楼餐馆油烟未经净化直接排放，晚饭时段住户无法开窗。');
    await fill(dispatcher, 'intake-address', '新安社区碧海嘉园临街商铺');
    await fill(dispatcher, 'intake-contact-name', '张先生');
    await fill(dispatcher, 'intake-contact-phone', '13800138000');
    // Pick the place on the map: the middle of the city's outline.
    const map = dispatcher.getByTestId('intake-map');
    await dispatcher.locator('[data-testid="intake-map"][data-status="ready"]').waitFor({ timeout: 30_000 });
    await dispatcher.waitForTimeout(800);
    const box = (await map.boundingBox())!;
    await dispatcher.mouse.click(box.x + box.width * 0.5, box.y + box.height * 0.5);
    await expect.poll(async () => dispatcher.getByTestId('intake-locate-result').innerText(), { timeout: 15_000 }).toMatch(/位于|不在任何网格/);
    await shot(dispatcher, 'appeals-intake-zh-CN');
    await dispatcher.getByTestId('intake-submit').click();
    const result = dispatcher.getByTestId('intake-result');
    await result.waitFor();
    const number = (await dispatcher.getByTestId('intake-result-number').getAttribute('data-number'))!;
    expect(await dispatcher.getByTestId('intake-went-to').innerText()).toContain('待派单');
    await settle(dispatcher);
    await shot(dispatcher, 'appeals-intake-result-zh-CN');

    // Dispatch: joint, lead 市政市容管理局, assisting 市场监督管理局 and 综合行政执法局.
    await dispatcher.getByTestId('intake-view-case').click();
    await adminStatus(dispatcher, 'pending_dispatch');
    await dispatcher.getByTestId('cmd-dispatch-suggested').waitFor();
    await settle(dispatcher);
    await shot(dispatcher, 'appeals-pending-dispatch-zh-CN');
    await dispatcher.getByTestId('cmd-dispatch').click();
    const dialog = dispatcher.locator('.ant-modal:visible');
    // The form comes filled in as routing suggests (餐饮油烟 is a joint case: market supervision and urban
    // enforcement assist), with the rule or category that decided.
    const suggestion = dialog.getByTestId('dispatch-suggestion');
    await suggestion.waitFor();
    expect(await suggestion.innerText()).toMatch(/依据：(分类“餐饮油烟”的默认办理方式|路由规则)/);
    await expect.poll(async () => dialog.getByTestId('cmd-assists').innerText()).toContain('市场监督管理局');
    expect(await dialog.getByTestId('cmd-assists').innerText()).toContain('综合行政执法局');
    expect(await dialog.getByTestId('cmd-mode').locator('.ant-radio-button-wrapper-checked').innerText()).toBe('联办');
    await expect.poll(async () => dialog.getByTestId('cmd-lead').innerText()).not.toBe('');
    await dispatcher.waitForTimeout(300);
    await shot(dispatcher, 'appeals-dispatch-suggested-zh-CN');
    // The dispatcher keeps the assisting departments and makes 市政市容管理局 the lead.
    await dialog.getByTestId('cmd-mode').getByText('联办', { exact: true }).click();
    await choose(dispatcher, dialog.getByTestId('cmd-lead'), '市政市容管理局');
    await dialog.locator('label', { hasText: '办理方式' }).click(); // close the dropdown
    await expect.poll(async () => dispatcher.locator('.ant-select-dropdown:visible').count()).toBe(0);
    await shot(dispatcher, 'appeals-dispatch-joint-zh-CN');
    await dialog.getByTestId('cmd-submit').click();
    await dialog.waitFor({ state: 'hidden' });
    await adminStatus(dispatcher, 'dispatched');
    const departments = await dispatcher.getByTestId('case-departments').innerText();
    for (const d of ['市政市容管理局', '市场监督管理局', '综合行政执法局']) expect(departments).toContain(d);
    const caseUrl = dispatcher.url();

    // The lead department's handler asks to return it.
    const dept = await openPage(sys, { lang: 'zh-CN' });
    await loginAs(dept, sys.url, 'dept');
    await openFromList(dept, 'department', number);
    await adminStatus(dept, 'dispatched');
    await command(dept, 'requestReturn', { 'cmd-reason': '油烟排放属生态环境部门职责，不属于本局受理范围。' });
    await dept.getByTestId('case-return-request').waitFor();
    await settle(dept);
    await shot(dept, 'appeals-return-requested-zh-CN');
    await dept.context().close();

    // The dispatcher refuses: the case stays with the departments and cannot be returned again.
    await dispatcher.goto(caseUrl);
    await dispatcher.getByTestId('case-return-request').waitFor();
    await command(dispatcher, 'rejectReturn', { 'cmd-reason': '联办案件由市政市容牵头，请会同协办单位办理。' });
    await adminStatus(dispatcher, 'dispatched');
    await expect.poll(async () => dispatcher.getByTestId('case-return-request').count()).toBe(0);
    expect(await dispatcher.getByTestId('case-timeline').innerText()).toContain('驳回退单');
    await dispatcher.waitForTimeout(800);
    await shotFull(dispatcher, 'appeals-return-rejected-zh-CN');

    // Three departments on one case earn it a 催办 by itself: it is on the supervision list.
    await dispatcher.getByTestId('menu-appeals-supervision').click();
    await dispatcher.getByTestId('supervision-table').getByText(number, { exact: true }).waitFor();
    await shot(dispatcher, 'appeals-supervision-zh-CN');
    // Statistics: rates by street, red and black lists, returns, and the open cases on the map.
    await dispatcher.getByTestId('menu-appeals-stats').click();
    await dispatcher.getByTestId('stats-kpis').waitFor();
    await dispatcher.getByTestId('stats-bounces').getByText('市政市容管理局').first().waitFor();
    await dispatcher.locator('[data-testid="stats-map"][data-status="ready"]').waitFor({ timeout: 30_000 });
    await dispatcher.waitForTimeout(1000);
    await shotFull(dispatcher, 'appeals-stats-zh-CN');
    await dispatcher.context().close();

    // The same pages in English.
    const en = await openPage(sys, { lang: 'en' });
    await loginAs(en, sys.url, 'dispatcher');
    await en.getByTestId('menu-appeals-intake').click();
    await en.locator('[data-testid="intake-map"][data-status="ready"]').waitFor({ timeout: 30_000 });
    await en.waitForTimeout(800);
    expect(await en.locator('.tx-page').innerText()).toContain('Intake');
    await shot(en, 'appeals-intake-en');
    await en.goto(caseUrl);
    await adminStatus(en, 'dispatched');
    expect(await en.getByTestId('case-timeline').innerText()).toContain('Reject return');
    await en.waitForTimeout(800);
    await shotFull(en, 'appeals-case-detail-en');
    await en.context().close();
  }, 300_000);
});
