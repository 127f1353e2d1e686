import { and, eq, inArray } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client.js';
import { users } from '../../platform/auth/schema.js';
import { regions } from '../regions/schema.js';
import { activities, activitySignups, volunteerTeamMembers, volunteerTeams } from './schema.js';

/** Tomorrow (or `days` from now) at `hour` o'clock, Shanghai time. */
function shanghaiAt(days: number, hour: number): Date {
  const d = new Date(Date.now() + 8 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);
  return new Date(`${d}T${String(hour).padStart(2, '0')}:00:00+08:00`);
}

/**
 * Demo data of activities (`npm start`): in 新安社区 a volunteer team (the demo member leads it, the demo resident is in
 * it) and two published activities tomorrow — the community's clean-up, which the demo member has signed up for, and
 * the team's visit to elderly neighbours. Rows are written directly.
 */
export async function seedActivitiesDemo(tx: Tx, cityId: string): Promise<void> {
  const [community] = await tx
    .select()
    .from(regions)
    .where(and(eq(regions.cityId, cityId), eq(regions.level, 'community'), eq(regions.name, '新安社区')))
    .limit(1);
  if (!community) return;
  const people = await tx.select({ id: users.id, username: users.username }).from(users).where(inArray(users.username, ['resident', 'member', 'community']));
  const userId = (name: string) => people.find((u) => u.username === name)?.id ?? null;
  const member = userId('member');
  const resident = userId('resident');
  const [team] = await tx
    .insert(volunteerTeams)
    .values({ cityId, regionId: community.id, regionPath: community.path, name: '新安社区志愿服务队', createdBy: userId('community') })
    .returning();
  if (member) await tx.insert(volunteerTeamMembers).values({ teamId: team!.id, userId: member, role: 'leader' });
  if (resident) await tx.insert(volunteerTeamMembers).values({ teamId: team!.id, userId: resident, role: 'member' });
  const point = community.lng != null && community.lat != null ? { venueLng: community.lng, venueLat: community.lat } : {};
  const now = new Date();
  const [cleanUp] = await tx
    .insert(activities)
    .values({
      cityId,
      regionId: community.id,
      regionPath: community.path,
      organiserKind: 'community',
      title: '“我为群众办实事”环境整治志愿活动',
      description: '清理楼道杂物、绿化带垃圾，宣传垃圾分类。请穿便于劳动的衣服，工具由社区提供。',
      venue: '新安社区党群服务中心门前集合',
      ...point,
      startsAt: shanghaiAt(1, 9),
      endsAt: shanghaiAt(1, 11),
      capacity: 20,
      serviceItemCode: 'environment',
      audience: 'everyone',
      status: 'published',
      publishedAt: now,
      signupSeq: member ? 1 : 0,
      createdBy: userId('community'),
    })
    .returning();
  if (member) await tx.insert(activitySignups).values({ activityId: cleanUp!.id, userId: member, ledger: 'party', status: 'signed_up', queueNo: 1, signedAt: now });
  await tx.insert(activities).values({
    cityId,
    regionId: community.id,
    regionPath: community.path,
    organiserKind: 'team',
    organiserId: team!.id,
    title: '探望独居老人',
    description: '志愿服务队分组上门探望独居老人，陪伴聊天、检查家中水电安全。',
    venue: '新安社区党群服务中心',
    ...point,
    startsAt: shanghaiAt(1, 15),
    endsAt: shanghaiAt(1, 17),
    capacity: 8,
    serviceItemCode: 'elderly_care',
    audience: 'everyone',
    status: 'published',
    publishedAt: now,
    createdBy: userId('community'),
  });
}
