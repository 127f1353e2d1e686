import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { apiAs as login, fill, photoFile, settle } from './helpers.js';
import { loginAs, openPage, shot, startSystem, type System } from './system.js';

/**
 * 微实事 end to end, one cycle from proposal to evaluation: the community secretary opens a cycle on the desktop;
 * a resident proposes on the H5 with a photo; the secretary reviews it onto the ballot with its official cost and
 * department, puts the community's residents on the voter roll; two residents vote on their phones with the running
 * budget bar; paper ballots from the box are entered twice by two officials (a mismatch is flagged and decided by a
 * third entry); the secretary counts and publishes; the resident reads the result with its explanations; the
 * projects are approved, a milestone finishes the resident's project, and the resident rates it.
 */

let sys: System;
beforeAll(async () => {
  sys = await startSystem();
});
afterAll(async () => sys?.stop());

const apiAs = (username: string) => login(sys, username);


async function snap(page: Page, name: string) {
  await settle(page);
  await shot(page, name);
}

/** The OK button of the antd confirmation dialog that is open. */
async function confirmDialog(page: Page) {
  const dialog = page.locator('.ant-modal-confirm:visible');
  await dialog.waitFor();
  await dialog.locator('.ant-btn-primary').click();
  await dialog.waitFor({ state: 'hidden' });
}

/** Advances the cycle on its workspace page with the phase bar's button and waits for the new phase. */
async function advance(page: Page, to: string) {
  await page.getByTestId('pb-advance').click();
  await confirmDialog(page);
  await page.locator(`[data-testid="pb-phase-steps"][data-phase="${to}"]`).waitFor({ timeout: 15_000 });
}

async function tab(page: Page, key: string) {
  await page.getByTestId(`pb-tab-${key}`).click();
}

async function phone(username: string): Promise<Page> {
  const page = await openPage(sys, { lang: 'zh-CN', mobile: true });
  await loginAs(page, `${sys.url}/h5`, username);
  await page.getByTestId('h5-tabbar').waitFor();
  return page;
}

async function desktop(username: string): Promise<Page> {
  const page = await openPage(sys, { lang: 'zh-CN' });
  await loginAs(page, sys.url, username);
  await page.getByTestId('menu-pb').waitFor();
  return page;
}

/** A resident's vote on the phone: tick the projects by number, check the budget bar, confirm, see the thanks. */
async function voteOnPhone(page: Page, cycleId: string, numbers: number[], expectUsed: number, shotName?: string) {
  await page.goto(`${sys.url}/h5/pb/${cycleId}`);
  await page.getByTestId('h5-pb-vote-open').click();
  await page.getByTestId('h5-pb-vote').waitFor();
  for (const n of numbers) await page.locator(`[data-testid="h5-pb-vote-item"][data-number="${n}"]`).click();
  await expect.poll(async () => Number(await page.getByTestId('h5-pb-budget-bar').getAttribute('data-used'))).toBe(expectUsed);
  if (shotName) await snap(page, shotName);
  await page.getByTestId('h5-pb-vote-submit').click();
  await page.getByTestId('h5-pb-vote-confirm').click();
  await page.getByTestId('h5-pb-vote-done').waitFor({ timeout: 15_000 });
}

/** One paper sheet entered by the official on `page`. */
async function enterSheet(page: Page, sheet: string, numbers: number[]) {
  await fill(page, 'pb-paper-sheet', sheet);
  for (const n of numbers) await page.getByTestId(`pb-paper-project-${n}`).click();
  await page.getByTestId('pb-paper-submit').click();
  await page.getByTestId('pb-paper-last').waitFor();
  await settle(page);
}

const sheetRow = (page: Page, sheet: string) => page.getByTestId('pb-paper-sheets').locator('tr', { hasText: sheet });

describe('微实事 (micro-projects)', () => {
  it('a cycle from a resident’s proposal to the residents’ rating of the finished project', { timeout: 600_000 }, async () => {
    // 1. The community secretary opens a cycle for 新安社区 on the desktop.
    const secretary = await desktop('community');
    await secretary.getByTestId('menu-pb').click();
    await secretary.getByTestId('pb-cycles-table').waitFor();
    await secretary.getByTestId('pb-cycle-new').click();
    const region = secretary.getByTestId('pb-cycle-form-region');
    await region.click();
    // The secretary's own community is the root of their tree (the name is followed by its level's tag).
    await secretary.locator('.ant-select-tree-node-content-wrapper', { hasText: '新安社区' }).first().click();
    await fill(secretary, 'pb-cycle-form-title', '2027年新安社区微实事（端到端）');
    await fill(secretary, 'pb-cycle-form-budget', '100000');
    await secretary.getByTestId('pb-cycle-form-submit').click();
    await secretary.getByTestId('pb-cycle-title').filter({ hasText: '端到端' }).waitFor({ timeout: 15_000 });
    const cycleId = /\/pb\/([0-9a-f-]{36})/.exec(secretary.url())![1]!;
    await advance(secretary, 'proposals');

    // 2. A resident proposes on the phone, with a photo.
    const resident = await phone('resident');
    await resident.goto(`${sys.url}/h5/pb`);
    await resident.locator(`[data-testid="h5-pb-cycle-item"][data-cycle-id="${cycleId}"]`).click();
    await resident.getByTestId('h5-pb-propose-open').click();
    await resident.getByTestId('h5-pb-propose').waitFor();
    await fill(resident, 'h5-pb-propose-title', '9号楼单元门口加装无障碍坡道');
    await fill(resident, 'h5-pb-propose-description', '9号楼单元门口有三级台阶，轮椅和婴儿车进出困难。建议加装一条带扶手的无障碍坡道。');
    await fill(resident, 'h5-pb-propose-cost', '30000');
    await fill(resident, 'h5-pb-propose-address', '新安社区9号楼');
    await resident.getByTestId('h5-pb-propose-photos').locator('input[type=file]').setInputFiles(photoFile('steps.png'));
    await expect
      .poll(async () => resident.getByTestId('h5-pb-propose-photos').locator('.adm-image-uploader-cell:not(.adm-image-uploader-cell-fail) img').count(), { timeout: 15_000 })
      .toBe(1);
    await expect.poll(async () => resident.getByTestId('h5-pb-propose-photos').locator('.adm-image-uploader-cell-mask').count(), { timeout: 15_000 }).toBe(0);
    await snap(resident, 'pb-h5-propose');
    await resident.getByTestId('h5-pb-propose-submit').click();
    await resident.getByTestId('h5-pb-propose-done').waitFor({ timeout: 15_000 });
    const ramp = Number(await resident.getByTestId('h5-pb-propose-number').textContent());
    expect(ramp).toBeGreaterThan(0);

    // Three more proposals, from the community (through the API: the form is the same).
    const org = await apiAs('community');
    const more = [
      { title: '小区中心花坛改种乡土花木', description: '花坛多年未更新，杂草丛生。改种耐热乡土花木并加装滴灌。', estimatedCostYuan: 40_000 },
      { title: '社区活动室更换空调', description: '活动室两台空调已坏，夏天无法开展活动。更换两台节能空调。', estimatedCostYuan: 50_000 },
      { title: '楼栋信息公示栏', description: '每栋楼门口设置信息公示栏，公布物业、网格员和志愿服务信息。', estimatedCostYuan: 20_000 },
    ];
    const numbers: number[] = [];
    for (const p of more) numbers.push((await org.post<{ project: { number: number; id: string } }>(`/api/pb/cycles/${cycleId}/projects`, p)).project.number);
    const [flowers, aircon, boards] = numbers as [number, number, number];

    // 3. Review: the secretary puts the resident's proposal on the ballot with its official cost and department.
    await secretary.reload();
    await advance(secretary, 'review');
    await tab(secretary, 'proposals');
    await secretary.getByTestId(`pb-review-${ramp}`).click();
    const drawer = secretary.getByTestId('pb-review-drawer');
    await drawer.waitFor();
    await fill(drawer, 'pb-review-cost', '30000');
    await drawer.getByTestId('pb-review-department').click();
    await secretary.keyboard.type('住房');
    await secretary.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '住房和城乡建设局' }).click();
    await snap(secretary, 'pb-admin-review');
    await drawer.getByTestId('pb-review-submit').click();
    await secretary.locator(`[data-testid="pb-projects-table"] tr`, { hasText: '无障碍坡道' }).locator('.ant-tag', { hasText: '列入选票' }).waitFor({ timeout: 15_000 });
    // Close the drawer with its close button (Escape may go to the select that had the focus).
    await secretary.locator('.ant-drawer-open .ant-drawer-close').first().click();
    await drawer.waitFor({ state: 'hidden' });
    const { projects } = await org.get<{ projects: Array<{ id: string; number: number }> }>(`/api/pb/cycles/${cycleId}`);
    const idOf = (n: number) => projects.find((p) => p.number === n)!.id;
    for (const [n, cost] of [
      [flowers, 40_000],
      [aircon, 50_000],
      [boards, 20_000],
    ] as const) {
      await org.post(`/api/pb/projects/${idOf(n)}/review`, { decision: 'on_ballot', officialCostYuan: cost });
    }
    await advance(secretary, 'deliberation');

    // The voter roll: every resident and Party member living in the community.
    await tab(secretary, 'voters');
    await secretary.getByTestId('pb-voters-add-all').click();
    await confirmDialog(secretary);
    await expect.poll(async () => secretary.getByTestId('pb-voters-total').textContent(), { timeout: 15_000 }).toMatch(/[1-9]/);
    await advance(secretary, 'voting');

    // 4. Two residents vote on their phones; the budget bar runs as they choose.
    await voteOnPhone(resident, cycleId, [ramp, boards], 50_000, 'pb-h5-vote');
    await snap(resident, 'pb-h5-voted');
    const member = await phone('member');
    await voteOnPhone(member, cycleId, [ramp, flowers], 70_000);
    // A second ballot is refused: the page says they have voted.
    await member.goto(`${sys.url}/h5/pb/${cycleId}`);
    await member.getByTestId('h5-pb-voted').waitFor();

    // 5. Paper ballots from the box: each sheet entered by two officials; a mismatch waits for a third entry.
    await tab(secretary, 'paper');
    await enterSheet(secretary, 'P-001', [ramp, aircon]);
    await enterSheet(secretary, 'P-002', [boards]);
    const street = await desktop('street');
    await street.goto(`${sys.url}/pb/${cycleId}`);
    await tab(street, 'paper');
    await enterSheet(street, 'P-001', [ramp, aircon]);
    await enterSheet(street, 'P-002', [flowers]);
    await expect.poll(async () => sheetRow(street, 'P-002').getAttribute('data-status'), { timeout: 15_000 }).toBe('mismatch');
    await expect.poll(async () => sheetRow(street, 'P-001').getAttribute('data-status')).toBe('accepted');
    await snap(street, 'pb-admin-paper-mismatch');
    // The paper in the box reads 〔boards〕: a third entry decides.
    await secretary.reload();
    await tab(secretary, 'paper');
    await enterSheet(secretary, 'P-002', [boards]);
    await expect.poll(async () => sheetRow(secretary, 'P-002').getAttribute('data-status'), { timeout: 15_000 }).toBe('accepted');

    // 6. Voting closes; the secretary counts and publishes.
    await advance(secretary, 'publicity');
    await tab(secretary, 'count');
    await secretary.getByTestId('pb-count').click();
    await confirmDialog(secretary);
    await secretary.getByTestId('pb-result-table').waitFor({ timeout: 15_000 });
    await expect.poll(async () => secretary.getByTestId('pb-result-summary').getAttribute('data-ballots')).toBe('4');
    await snap(secretary, 'pb-admin-count');
    await secretary.getByTestId('pb-publish').click();
    await confirmDialog(secretary);
    await expect.poll(async () => (await org.get<{ cycle: { publishedAt: string | null } }>(`/api/pb/cycles/${cycleId}`)).cycle.publishedAt, { timeout: 15_000 }).not.toBeNull();

    // The resident reads the published result with its explanations.
    await resident.goto(`${sys.url}/h5/pb/${cycleId}`);
    await resident.getByTestId('h5-pb-results-open').click();
    await resident.getByTestId('h5-pb-result-summary').waitFor({ timeout: 15_000 });
    expect(await resident.locator(`[data-testid="h5-pb-result-bar"][data-number="${ramp}"]`).getAttribute('data-selected')).toBe('true');
    expect(await resident.locator(`[data-testid="h5-pb-result-bar"][data-number="${ramp}"]`).getAttribute('data-support')).toBe('3');
    expect(await resident.getByTestId('h5-pb-result-explanation').count()).toBe(4);
    await snap(resident, 'pb-h5-results');

    // 7. Approval, implementation: a milestone with its spending and a photo finishes the ramp.
    await advance(secretary, 'approval');
    await secretary.getByTestId('pb-approve').click();
    await confirmDialog(secretary);
    await expect.poll(async () => (await org.get<{ projects: Array<{ number: number; status: string }> }>(`/api/pb/cycles/${cycleId}`)).projects.find((p) => p.number === ramp)!.status, { timeout: 15_000 }).toBe('approved');
    await advance(secretary, 'implementation');
    await tab(secretary, 'implementation');
    await secretary.getByTestId(`pb-milestone-new-${ramp}`).click();
    const modal = secretary.locator('.ant-modal:visible');
    await modal.waitFor();
    await fill(modal, 'pb-milestone-title', '坡道和扶手完工验收');
    await fill(modal, 'pb-milestone-note', '坡道坡度1:12，两侧加装不锈钢扶手，经居民代表验收合格。');
    await fill(modal, 'pb-milestone-spent', '28600');
    await modal.getByTestId('pb-milestone-photos').locator('input[type=file]').setInputFiles(photoFile('ramp.png'));
    await modal.locator('.ant-upload-list-item-done, .ant-upload-list-item:not(.ant-upload-list-item-uploading)').first().waitFor({ timeout: 15_000 });
    await modal.getByTestId('pb-milestone-done').click();
    await modal.getByTestId('pb-milestone-submit').click();
    await modal.waitFor({ state: 'hidden', timeout: 15_000 });
    await expect.poll(async () => (await org.get<{ projects: Array<{ number: number; status: string }> }>(`/api/pb/cycles/${cycleId}`)).projects.find((p) => p.number === ramp)!.status, { timeout: 15_000 }).toBe('done');
    await snap(secretary, 'pb-admin-implementation');

    // 8. Evaluation: the resident rates the finished ramp on the phone.
    await advance(secretary, 'evaluation');
    await resident.goto(`${sys.url}/h5/pb/projects/${idOf(ramp)}`);
    await resident.getByTestId('h5-pb-milestone-item').first().waitFor({ timeout: 15_000 });
    // antd-mobile's Rate follows touch gestures: tap the fifth star.
    await resident.getByTestId('h5-pb-rating-stars').locator('.adm-rate-star').nth(4).tap();
    await fill(resident, 'h5-pb-rating-comment', '坡道很好用，推轮椅方便多了。');
    await resident.getByTestId('h5-pb-rating-submit').click();
    await expect
      .poll(async () => (await (await apiAs('resident')).get<{ project: { rating: { count: number; average: number | null } } }>(`/api/pb/projects/${idOf(ramp)}`)).project.rating, { timeout: 15_000 })
      .toMatchObject({ count: 1, average: 5 });
    await resident.getByTestId('h5-pb-rating').and(resident.locator('[data-average="5"]')).waitFor({ timeout: 15_000 });
    await snap(resident, 'pb-h5-rated');
  });
});
