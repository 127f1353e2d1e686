import { inArray } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client.js';
import { users } from '../../platform/auth/schema.js';
import { postEntry } from './ledger.js';

/**
 * Demo points (`npm start`): the demo resident has earned credit points by volunteering and clearing up, enough to
 * redeem in the demo merchant's store; the demo member has this year's first Party points. Posted through the
 * ledger, so the chains verify.
 */
export async function seedPointsDemo(tx: Tx, cityId: string): Promise<void> {
  const people = await tx.select({ id: users.id, username: users.username }).from(users).where(inArray(users.username, ['resident', 'member']));
  const id = (name: string) => people.find((u) => u.username === name)?.id;
  const grants: Array<{ user?: string; kind: 'party' | 'credit'; delta: number; reason: string; note: string }> = [
    { user: id('resident'), kind: 'credit', delta: 60, reason: 'volunteer_hour', note: '社区环境整治志愿服务 6 小时' },
    { user: id('resident'), kind: 'credit', delta: 20, reason: 'environment', note: '垃圾分类督导' },
    { user: id('member'), kind: 'party', delta: 5, reason: 'report_in', note: '到新安社区报到' },
    { user: id('member'), kind: 'party', delta: 2, reason: 'activity_attend', note: '参加主题党日活动' },
  ];
  for (const [i, g] of grants.entries()) {
    if (!g.user) continue;
    await postEntry(tx, { kind: g.kind, cityId, userId: g.user, delta: g.delta, reason: g.reason, sourceType: 'demo', sourceId: cityId, idempotencyKey: `demo:${cityId}:${i}`, note: g.note });
  }
}
