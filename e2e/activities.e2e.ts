import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { apiAs, settle } from './helpers.js';
import { loginAs, openPage, shot, startSystem, type System } from './system.js';

/**
 * 活动打卡 end to end: the community secretary's activity under way in 新安社区; the demo member signs up on the
 * phone, checks in by opening the URL of the rotating QR code on the organiser's screen, checks out by the next
 * code; the secretary ends the activity and approves the attendance; the member's points page shows the award.
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

async function desktop(username: string): Promise<Page> {
  const page = await openPage(sys, { lang: 'zh-CN' });
  await loginAs(page, sys.url, username);
  await page.getByTestId('menu-activities').waitFor();
  return page;
}

/** The URL the QR code on the organiser's screen carries, for this purpose. */
async function qrUrl(screen: Page, purpose: 'in' | 'out'): Promise<string> {
  const token = screen.locator(`[data-testid="activity-qr-token"][data-purpose="${purpose}"]`);
  await token.waitFor({ timeout: 15_000 });
  return (await token.getAttribute('data-url'))!;
}

describe('活动打卡 (activities)', () => {
  it('a member signs up, checks in and out by the rotating QR code, is approved and sees the points', { timeout: 300_000 }, async () => {
    // An activity under way, organised by the community (through the API: the form is tested on its own page).
    const org = await apiAs(sys, 'community');
    const { items } = await org.get<{ items: Array<{ id: string; name: string }> }>(`/api/regions/search?level=community&q=${encodeURIComponent('新安社区')}`);
    const community = items.find((r) => r.name === '新安社区')!;
    const now = Date.now();
    const { activity } = await org.post<{ activity: { id: string } }>('/api/activities', {
      regionId: community.id,
      organiserKind: 'community',
      title: '端到端：社区花园除草',
      description: '带上手套，一起给社区花园除草。',
      venue: '新安社区花园',
      startsAt: new Date(now - 10 * 60_000).toISOString(),
      endsAt: new Date(now + 110 * 60_000).toISOString(),
      capacity: 10,
      audience: 'everyone',
    });
    await org.post(`/api/activities/${activity.id}/publish`, {});

    // The member signs up on the phone.
    const member = await phone('member');
    await member.goto(`${sys.url}/h5/activities`);
    await member.locator(`[data-testid="h5-activity-item"][data-activity-id="${activity.id}"]`).click();
    await member.getByTestId('h5-activity-signup').click();
    await member.locator('[data-testid="h5-activity-my-signup"][data-status="signed_up"]').waitFor({ timeout: 15_000 });
    await settle(member);
    await shot(member, 'activities-h5-signed-up');

    // The organiser's screen shows the check-in code; the member's camera opens its URL.
    const secretary = await desktop('community');
    await secretary.goto(`${sys.url}/activities/${activity.id}/qr`);
    await secretary.getByTestId('activity-qr-screen').waitFor();
    await shot(secretary, 'activities-admin-qr');
    await member.goto(await qrUrl(secretary, 'in'));
    await member.locator('[data-testid="h5-activity-scan-result"][data-purpose="in"]').waitFor({ timeout: 15_000 });
    await shot(member, 'activities-h5-checked-in');
    // The same code again is a replay.
    await member.reload();
    // (Waits for the refusal to carry its code: the page may show a passing state before the server's answer.)
    await member.locator('[data-testid="h5-activity-scan-error"][data-code="checkin_replayed"]').waitFor({ timeout: 15_000 });
    await expect.poll(async () => secretary.getByTestId('activity-qr-count').getAttribute('data-checked-in'), { timeout: 15_000 }).toBe('1');

    // Check-out by the other code.
    await secretary.getByTestId('activity-qr-purpose').getByText('签退').click();
    await member.goto(await qrUrl(secretary, 'out'));
    await member.locator('[data-testid="h5-activity-scan-result"][data-purpose="out"]').waitFor({ timeout: 15_000 });

    // The secretary ends the activity and approves the member's attendance.
    await secretary.getByTestId('menu-activities').click();
    await secretary.getByTestId('activities-table').waitFor();
    await secretary.getByTestId(`activity-end-${activity.id}`).click();
    await secretary.locator('.ant-popconfirm:visible .ant-btn-primary').click();
    // Ended: the row no longer offers to end it.
    await secretary.getByTestId(`activity-end-${activity.id}`).waitFor({ state: 'detached', timeout: 15_000 });
    await secretary.getByTestId(`activity-attendance-open-${activity.id}`).click();
    const table = secretary.getByTestId('activity-attendance-table');
    await table.waitFor();
    const approve = table.locator('[data-testid^="activity-approve-"]').first();
    await approve.click();
    await table.locator('[data-review="approved"]').waitFor({ timeout: 15_000 });
    await settle(secretary);
    await shot(secretary, 'activities-admin-approved');

    // The member's points: the award for attending (activity_attend) is listed.
    await member.goto(`${sys.url}/h5/points`);
    await member.locator('[data-testid="h5-points-entry"][data-reason="activity_attend"][data-source="activity"]').first().waitFor({ timeout: 15_000 });
    await shot(member, 'activities-h5-points');
    const mine = await (await apiAs(sys, 'member')).get<{ party: { balance: number } }>('/api/points/me');
    expect(mine.party.balance).toBeGreaterThanOrEqual(2);
  });
});
