import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, login, startTestApp, type TestContext } from './helpers/harness.js';
import { dueAfterWorkingDays } from '../src/platform/calendar/deadline.js';

let t: TestContext;
let admin: string;
beforeAll(async () => {
  t = await startTestApp({ seed: true });
  admin = await login(t.app, 'admin');
});
afterAll(async () => t?.close());

describe('working-day calendar', () => {
  it('lists National Day 2026 with its make-up workday', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/calendar/days?from=2026-09-30&to=2026-10-11', headers: bearer(admin) });
    const days = res.json().items as Array<{ date: string; working: boolean; source: string }>;
    expect(days.filter((d) => d.working).map((d) => d.date)).toEqual(['2026-09-30', '2026-10-08', '2026-10-09', '2026-10-10']);
    expect(days.find((d) => d.date === '2026-10-10')!.source).toBe('official');
  });

  it('a local override moves deadlines, and removing it moves them back', async () => {
    const received = new Date('2026-09-30T02:00:00Z'); // 10:00 in Haikou
    expect(dueAfterWorkingDays(received, 5, t.services.calendar).toISOString()).toBe('2026-10-13T15:59:59.999Z');
    const set = await t.app.inject({ method: 'POST', url: '/api/calendar/overrides', headers: bearer(admin), payload: { date: '2026-10-12', kind: 'holiday', name: '台风停工' } });
    expect(set.statusCode).toBe(201);
    expect(dueAfterWorkingDays(received, 5, t.services.calendar).toISOString()).toBe('2026-10-14T15:59:59.999Z');
    const del = await t.app.inject({ method: 'DELETE', url: '/api/calendar/overrides/2026-10-12', headers: bearer(admin) });
    expect(del.statusCode).toBe(204);
    expect(dueAfterWorkingDays(received, 5, t.services.calendar).toISOString()).toBe('2026-10-13T15:59:59.999Z');
  });

  it('says loudly when a year is not covered', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/calendar/days?from=2031-01-01&to=2031-01-03', headers: bearer(admin) });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('calendar_not_covered');
    expect(res.json().error.message).toContain('2031');
  });
});
