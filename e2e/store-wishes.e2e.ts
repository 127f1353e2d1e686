import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { apiAs, fill, photoFile, settle } from './helpers.js';
import { loginAs, openPage, shot, startSystem, type System } from './system.js';

/**
 * 积分超市 and 微心愿 end to end. The store: the demo resident (who has credit points in the demo city) redeems an
 * item of the demo merchant on the phone and shows the code; the merchant types it and honours it; a second honour
 * is refused. Wishes: the resident posts a wish on the phone; the community verifies and publishes it on the
 * desktop; a member claims it on the wall and fulfils it with a photo; the resident confirms it, and the member's
 * Party points rise.
 */

let sys: System;
beforeAll(async () => {
  sys = await startSystem();
});
afterAll(async () => sys?.stop());

async function phone(username: string): Promise<Page> {
  const page = await openPage(sys, { lang: 'zh-CN', mobile: true });
  await loginAs(page, `${sys.url}/h5`, username);
  await page.getByTestId('h5-tabbar').waitFor();
  return page;
}

/** The OK button of the antd-mobile confirmation dialog that is open. */
async function confirmOnPhone(page: Page) {
  const dialog = page.locator('.adm-dialog:visible, .adm-center-popup-wrap:visible').first();
  await dialog.waitFor();
  await dialog.locator('.adm-dialog-button').last().click();
}

describe('积分超市 (points store)', () => {
  it('a resident redeems on the phone and the merchant honours the code once', { timeout: 240_000 }, async () => {
    const resident = await phone('resident');
    await resident.goto(`${sys.url}/h5/store`);
    const balance = Number(await resident.getByTestId('h5-store-balance').getAttribute('data-balance'));
    expect(balance).toBeGreaterThan(0);
    await resident.getByTestId('h5-store-item').first().click();
    await resident.getByTestId('h5-store-redeem').click();
    await resident.getByTestId('h5-store-redeem-confirm').click();
    const codeEl = resident.getByTestId('h5-store-code');
    await codeEl.waitFor({ timeout: 15_000 });
    const code = (await codeEl.getAttribute('data-code'))!;
    expect(code).toMatch(/^[0-9A-Z]{8}$/);
    await settle(resident);
    await shot(resident, 'store-h5-code');

    const merchant = await phone('merchant');
    await merchant.goto(`${sys.url}/h5/merchant/honour`);
    await fill(merchant, 'h5-merchant-code-input', code);
    await merchant.getByTestId('h5-merchant-honour-submit').click();
    await merchant.getByTestId('h5-merchant-honour-result').waitFor({ timeout: 15_000 });
    await shot(merchant, 'store-h5-honoured');
    // The same code again: refused, and said why.
    await merchant.goto(`${sys.url}/h5/merchant/honour`);
    await fill(merchant, 'h5-merchant-code-input', code);
    await merchant.getByTestId('h5-merchant-honour-submit').click();
    await merchant.getByTestId('h5-merchant-honour-error').waitFor({ timeout: 15_000 });
    expect(await merchant.getByTestId('h5-merchant-honour-error').getAttribute('data-code')).toMatch(/honoured|state/);

    await resident.goto(`${sys.url}/h5/store/mine`);
    await resident.locator('[data-testid="h5-store-redemption"][data-status="honoured"]').first().waitFor({ timeout: 15_000 });
  });
});

describe('微心愿 (micro-wishes)', () => {
  it('a wish is posted, verified and published, claimed, fulfilled with proof and confirmed', { timeout: 300_000 }, async () => {
    const before = (await (await apiAs(sys, 'member')).get<{ party: { balance: number } }>('/api/points/me')).party.balance;

    // The resident posts a wish on the phone.
    const resident = await phone('resident');
    await resident.goto(`${sys.url}/h5/wishes?post=1`);
    await fill(resident, 'h5-wish-form-title', '想要一台助行器');
    await fill(resident, 'h5-wish-form-story', '老伴腿脚不便，出门散步需要一台带座椅的助行器。');
    await fill(resident, 'h5-wish-form-value', '300');
    await resident.getByTestId('h5-wish-form-deadline').click();
    await resident.locator('.adm-picker-header-button').last().click();
    await expect.poll(async () => resident.getByTestId('h5-wish-form-deadline').getAttribute('data-value')).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await resident.getByTestId('h5-wish-form-submit').click();
    const done = resident.getByTestId('h5-wish-form-done');
    await done.waitFor({ timeout: 15_000 });
    const wishId = (await done.getAttribute('data-wish-id'))!;
    await shot(resident, 'wishes-h5-posted');

    // The community verifies it with the public text and publishes it on the wall.
    const secretary = await openPage(sys, { lang: 'zh-CN' });
    await loginAs(secretary, sys.url, 'community');
    await secretary.getByTestId('menu-wishes').click();
    const row = secretary.locator(`[data-testid="admin-wishes-table"] [data-wish-id="${wishId}"]`);
    await row.waitFor({ timeout: 15_000 });
    await row.getByTestId('admin-wish-verify').click();
    await fill(secretary, 'admin-wish-verify-public-title', '为行动不便的老人添置助行器');
    await secretary.getByTestId('admin-wish-verify-submit').click();
    const org = await apiAs(sys, 'community');
    const statusOf = async () => (await org.get<{ wish: { status: string } }>(`/api/wishes/${wishId}`)).wish.status;
    await expect.poll(statusOf, { timeout: 15_000 }).toBe('verified');
    // The verified wishes' tab: publish it.
    await secretary.goto(`${sys.url}/wishes?status=verified`);
    const verified = secretary.locator(`[data-testid="admin-wishes-table"] [data-wish-id="${wishId}"]`);
    await verified.getByTestId('admin-wish-publish').click();
    await secretary.locator('.ant-popconfirm:visible .ant-btn-primary').click();
    await expect.poll(statusOf, { timeout: 15_000 }).toBe('published');
    await settle(secretary);
    await shot(secretary, 'wishes-admin-published');

    // A member claims it on the wall and fulfils it with a photo.
    const member = await phone('member');
    await member.goto(`${sys.url}/h5/wishes/${wishId}`);
    await member.getByTestId('h5-wish-claim').click();
    await confirmOnPhone(member);
    await member.locator('[data-testid="h5-wish-detail"][data-status="claimed"]').waitFor({ timeout: 15_000 });
    await member.getByTestId('h5-wish-fulfil-open').click();
    await fill(member, 'h5-wish-fulfil-note', '助行器已送到老人家中，并教会了使用方法。');
    await member.getByTestId('h5-wish-fulfil-photos').locator('input[type=file]').setInputFiles(photoFile('walker.png'));
    await expect.poll(async () => member.getByTestId('h5-wish-fulfil-photos').locator('.adm-image-uploader-cell-mask').count(), { timeout: 15_000 }).toBe(0);
    await expect.poll(async () => member.getByTestId('h5-wish-fulfil-photos').locator('.adm-image-uploader-cell img').count(), { timeout: 15_000 }).toBe(1);
    await member.getByTestId('h5-wish-fulfil-submit').click();
    await member.locator('[data-testid="h5-wish-detail"][data-status="fulfilled"]').waitFor({ timeout: 15_000 });

    // The resident confirms; the member's Party points rise.
    await resident.goto(`${sys.url}/h5/wishes/${wishId}`);
    await resident.getByTestId('h5-wish-confirm').click();
    await confirmOnPhone(resident);
    await resident.locator('[data-testid="h5-wish-detail"][data-status="confirmed"]').waitFor({ timeout: 15_000 });
    await settle(resident);
    await shot(resident, 'wishes-h5-confirmed');
    const after = (await (await apiAs(sys, 'member')).get<{ party: { balance: number } }>('/api/points/me')).party.balance;
    expect(after).toBeGreaterThan(before);
  });
});
