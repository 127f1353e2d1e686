import { randomUUID } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client.js';
import { users } from '../../platform/auth/schema.js';
import { departments } from '../departments/schema.js';
import { regions } from '../regions/schema.js';
import { getRule } from './counting/index.js';
import { pbBallots, pbCycles, pbMilestones, pbProjects, pbVoterRoll, type PbProjectStatus } from './schema.js';

const yuan = (n: number) => BigInt(n) * 100n;
const day = (d: string) => new Date(`${d}T09:00:00+08:00`);

type DemoProject = {
  title: string;
  description: string;
  cost: number;
  dept: string;
  by: 'resident' | 'member' | 'community' | { kind: 'unit' | 'social_org'; name: string } | null;
  address: string;
  /** Offset from the community's centre, in thousandths of a degree. */
  at: [number, number];
};

/** The cycle now voting: seven projects on the ballot (338,000 yuan against a budget of 200,000). */
const BALLOT: DemoProject[] = [
  { title: '加装楼道扶手', description: '3栋至8栋为无电梯老楼，楼道没有扶手，老人上下楼不便、雨天易滑倒。拟在每个单元楼道一侧加装不锈钢扶手，转角处加装夜光防滑条。', cost: 36_000, dept: 'housing', by: 'resident', address: '新安社区3栋至8栋', at: [0.6, 0.4] },
  { title: '口袋公园增设休闲座椅', description: '社区口袋公园只有两张石凳，傍晚散步的居民和带孩子的老人没有地方坐。拟增设8张防腐木座椅并配遮阳棚。', cost: 28_000, dept: 'landscaping', by: 'member', address: '新安社区口袋公园', at: [-0.3, 0.5] },
  { title: '电动自行车充电车棚', description: '电动自行车在楼道里充电存在火灾隐患。拟在小区北门空地建设可容纳60辆车的充电车棚，配智能充电桩和烟感报警。', cost: 65_000, dept: 'fire', by: { kind: 'unit', name: '海甸物业服务有限公司' }, address: '新安社区北门空地', at: [0.1, 0.9] },
  { title: '老年食堂适老化改造', description: '社区老年食堂每天为120多位老人供餐。拟改造无障碍坡道、加装扶手和防滑地面，更换适合老人的桌椅，增设助餐取餐台。', cost: 58_000, dept: 'civil_affairs', by: { kind: 'social_org', name: '椰城社工服务中心' }, address: '新安社区党群服务中心一楼', at: [0, 0] },
  { title: '儿童游乐设施翻新', description: '小区中心游乐场的滑梯和秋千已使用十余年，部分锈蚀开裂。拟整体翻新游乐设施，铺设塑胶安全地垫。', cost: 47_000, dept: 'landscaping', by: 'resident', address: '新安社区中心游乐场', at: [-0.2, -0.3] },
  { title: '雨水管网疏通', description: '台风季小区主干道积水严重，部分雨水管堵塞。拟对小区内雨水管网进行清淤疏通，更换破损雨水篦子。', cost: 32_000, dept: 'water_affairs', by: 'community', address: '新安社区主干道', at: [0.4, -0.5] },
  { title: '楼顶防水修缮', description: '5栋、6栋楼顶防水层老化，顶楼住户每逢下雨屋内渗水。拟铲除旧防水层，重做SBS防水卷材和保护层。', cost: 72_000, dept: 'housing', by: 'resident', address: '新安社区5栋、6栋', at: [0.7, -0.2] },
];

/** The earlier cycle, being carried out: four projects on its ballot, counted and published. */
const EARLIER: DemoProject[] = [
  { title: '小区路灯更换为LED节能灯', description: '小区内42盏路灯老化、照度不足，夜间出行不安全。更换为LED节能路灯并加装光控开关。', cost: 60_000, dept: 'municipal', by: 'resident', address: '新安社区各主次道路', at: [0.2, 0.2] },
  { title: '垃圾分类投放点改造', description: '现有垃圾投放点无遮雨棚、无洗手池，异味大。改造为带雨棚、洗手池和照明的标准化分类投放点4处。', cost: 45_000, dept: 'sanitation', by: 'community', address: '新安社区4处垃圾投放点', at: [-0.4, 0.1] },
  { title: '单元门禁系统升级', description: '老旧单元门禁经常损坏，外来人员随意进出。升级为人脸识别门禁。', cost: 85_000, dept: 'housing', by: { kind: 'unit', name: '海甸物业服务有限公司' }, address: '新安社区1栋至12栋', at: [0.5, 0.6] },
  { title: '社区阅览角添置书架', description: '党群服务中心阅览角书架不足，拟添置书架和阅读桌椅，充实青少年读物。', cost: 50_000, dept: 'culture_tourism', by: 'member', address: '新安社区党群服务中心二楼', at: [0, 0.05] },
];

/** The earlier cycle's ballots: [how many, the projects (numbers) on each]. */
const EARLIER_BALLOTS: Array<[number, number[]]> = [
  [14, [1, 2]],
  [8, [1]],
  [6, [2]],
  [7, [3]],
  [5, [3, 4]],
  [4, [4]],
  [4, [1, 4]],
];

/**
 * Demo data of micro-projects (`npm start`): in 新安社区, the community of the demo resident, the 2026 cycle in its
 * voting phase (the demo resident and member on its roll, nobody has voted yet) and the 2025 cycle being carried
 * out (two approved projects, one with a milestone; counted with its rule from the ballots seeded here). Rows are
 * written directly; deterministic apart from ids.
 */
export async function seedPbDemo(tx: Tx, cityId: string): Promise<void> {
  const [community] = await tx
    .select()
    .from(regions)
    .where(and(eq(regions.cityId, cityId), eq(regions.level, 'community'), eq(regions.name, '新安社区')))
    .limit(1);
  if (!community) return;
  const people = await tx.select({ id: users.id, username: users.username }).from(users).where(inArray(users.username, ['resident', 'member', 'community']));
  const userId = (name: string) => people.find((u) => u.username === name)?.id ?? null;
  const depts = await tx.select({ id: departments.id, code: departments.code }).from(departments).where(eq(departments.cityId, cityId));
  const deptId = (code: string) => depts.find((d) => d.code === code)?.id ?? null;
  const centre = { lng: community.lng ?? 110.33, lat: community.lat ?? 20.05 };
  const organiser = userId('community');

  const projectRow = (cycleId: string, number: number, p: DemoProject, status: PbProjectStatus) => ({
    cycleId,
    number,
    title: p.title,
    description: p.description,
    proposerUserId: p.by === 'resident' || p.by === 'member' || p.by === 'community' ? userId(p.by) : null,
    proposerKind: p.by === 'resident' || p.by === 'member' ? ('resident' as const) : p.by === 'community' || p.by === null ? ('community' as const) : p.by.kind,
    proposerName: p.by && typeof p.by === 'object' ? p.by.name : null,
    address: p.address,
    lng: centre.lng + p.at[0] / 1000,
    lat: centre.lat + p.at[1] / 1000,
    estimatedCostFen: yuan(Math.round(p.cost * 1.05)),
    officialCostFen: yuan(p.cost),
    departmentId: deptId(p.dept),
    feasibility: 'feasible' as const,
    status,
  });

  // The earlier cycle: counted from its ballots with its rule, the selected projects approved, one under way.
  const [earlier] = await tx
    .insert(pbCycles)
    .values({
      cityId,
      regionId: community.id,
      regionPath: community.path,
      title: '2025年新安社区微实事',
      budgetFen: yuan(150_000),
      rule: 'mes-add1',
      voterBasis: 'register',
      phase: 'implementation',
      phaseDates: {
        proposals: { from: '2025-03-01', to: '2025-03-31' },
        review: { from: '2025-04-01', to: '2025-04-20' },
        deliberation: { from: '2025-04-21', to: '2025-05-10' },
        voting: { from: '2025-05-15', to: '2025-06-05' },
        publicity: { from: '2025-06-06', to: '2025-06-15' },
        approval: { from: '2025-06-16', to: '2025-06-30' },
        implementation: { from: '2025-07-01', to: '2025-12-31' },
      },
      createdBy: organiser,
      createdAt: day('2025-02-20'),
      countedAt: day('2025-06-06'),
      publishedAt: day('2025-06-07'),
    })
    .returning();
  const ballots = EARLIER_BALLOTS.flatMap(([n, projects]) => Array.from({ length: n }, () => projects));
  const counted = getRule('mes-add1')!(
    { budget: 150_000, projects: EARLIER.map((p, i) => ({ id: String(i + 1), cost: p.cost })), ballots: ballots.map((b) => ({ projects: b.map((n) => n - 1) })) },
    { increment: 1 },
  );
  const selected = counted.selected.map(Number);
  const done = await tx
    .insert(pbProjects)
    .values(EARLIER.map((p, i) => projectRow(earlier!.id, i + 1, p, selected.includes(i + 1) ? (i + 1 === selected[0] ? 'in_progress' : 'approved') : 'not_selected')))
    .returning({ id: pbProjects.id, number: pbProjects.number });
  await tx.insert(pbBallots).values(ballots.map((projects) => ({ id: randomUUID(), cycleId: earlier!.id, choices: { projects } })));
  await tx.update(pbCycles).set({ result: { ...counted, ballots: ballots.length } as unknown as Record<string, unknown> }).where(eq(pbCycles.id, earlier!.id));
  const underWay = done.find((p) => p.number === selected[0]);
  if (underWay && organiser) {
    await tx.insert(pbMilestones).values({
      projectId: underWay.id,
      title: '完成采购招标，进场施工',
      note: '经公开比选确定施工单位，首批18盏路灯已更换完毕。',
      spentFen: yuan(21_800),
      createdBy: organiser,
      createdAt: day('2025-09-15'),
    });
  }

  // The cycle now voting.
  const [voting] = await tx
    .insert(pbCycles)
    .values({
      cityId,
      regionId: community.id,
      regionPath: community.path,
      title: '2026年新安社区微实事',
      budgetFen: yuan(200_000),
      voteType: 'approval',
      rule: 'mes-add1',
      voterBasis: 'both',
      phase: 'voting',
      phaseDates: {
        proposals: { from: '2026-09-01', to: '2026-09-30' },
        review: { from: '2026-10-01', to: '2026-10-20' },
        deliberation: { from: '2026-10-21', to: '2026-11-10' },
        voting: { from: '2026-11-15', to: '2026-12-05' },
        publicity: { from: '2026-12-06', to: '2026-12-15' },
        approval: { from: '2026-12-16', to: '2026-12-31' },
      },
      createdBy: organiser,
      createdAt: day('2026-08-20'),
    })
    .returning();
  const onBallot = await tx
    .insert(pbProjects)
    .values(BALLOT.map((p, i) => projectRow(voting!.id, i + 1, p, 'on_ballot')))
    .returning({ id: pbProjects.id, number: pbProjects.number });
  // Two proposals that did not reach the ballot: one merged into the handrails, one outside the scheme.
  await tx.insert(pbProjects).values([
    {
      ...projectRow(voting!.id, 8, { ...BALLOT[0]!, title: '2栋楼道安装扶手', description: '2栋楼道没有扶手，老人上下楼要扶墙。', cost: 6_000, by: 'member' }, 'merged'),
      officialCostFen: null,
      mergedIntoId: onBallot.find((p) => p.number === 1)!.id,
    },
    {
      ...projectRow(voting!.id, 9, { title: '小区门口增设机动车停车位', description: '小区门口道路两侧划设20个机动车停车位。', cost: 40_000, dept: '', by: 'resident', address: '新安社区南门外道路', at: [0, -0.9] }, 'rejected'),
      officialCostFen: null,
      feasibility: 'infeasible' as const,
      departmentId: null,
      rejectionReason: '涉及市政道路，不属于社区微实事范围，已转交交警部门研究。',
    },
  ]);
  const roll = [userId('resident'), userId('member')].filter((x): x is string => !!x);
  if (roll.length) await tx.insert(pbVoterRoll).values(roll.map((u) => ({ cycleId: voting!.id, userId: u, addedBy: organiser })));
}
