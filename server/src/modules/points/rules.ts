import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client.js';
import type { RuleCycle } from './cycles.js';
import { pointsRules } from './schema.js';

export type LedgerKind = 'party' | 'credit';
export const LEDGER_KINDS = ['party', 'credit'] as const;

export interface PointsRule {
  kind: LedgerKind;
  code: string;
  /** Points per application; negative for a deduction. */
  points: number;
  /** At most this many points (in absolute value) per cycle from this rule; null = no cap. */
  cap: number | null;
  cycle: RuleCycle | null;
  label: string;
}

/**
 * The default rules of every city (docs/modules/points.md, "Rules"); a city overrides them with rows of
 * points_rules (PUT /api/points/rules), and may add codes of its own.
 */
export const DEFAULT_RULES: readonly PointsRule[] = [
  { kind: 'party', code: 'report_in', points: 5, cap: 5, cycle: 'year', label: '到社区报到' },
  { kind: 'party', code: 'activity_attend', points: 2, cap: null, cycle: null, label: '参加活动' },
  { kind: 'party', code: 'service_hour', points: 1, cap: 40, cycle: 'quarter', label: '志愿服务（每小时）' },
  { kind: 'party', code: 'visit', points: 1, cap: 20, cycle: 'month', label: '入户走访' },
  { kind: 'party', code: 'wish_claimed', points: 3, cap: null, cycle: null, label: '认领微心愿' },
  { kind: 'party', code: 'absent_without_leave', points: -2, cap: null, cycle: null, label: '无故缺席活动' },
  { kind: 'party', code: 'no_service_quarter', points: -5, cap: 5, cycle: 'quarter', label: '本季度未参加服务' },
  { kind: 'credit', code: 'volunteer_hour', points: 10, cap: 400, cycle: 'quarter', label: '志愿服务（每小时）' },
  { kind: 'credit', code: 'activity_attend', points: 2, cap: null, cycle: null, label: '参加活动' },
  { kind: 'credit', code: 'environment', points: 5, cap: 20, cycle: 'month', label: '环境整治、垃圾分类' },
  { kind: 'credit', code: 'wish_fulfilled', points: 5, cap: null, cycle: null, label: '实现微心愿' },
  { kind: 'credit', code: 'wish_claimed', points: 3, cap: null, cycle: null, label: '认领微心愿' },
];

/** The effective rules of a city and kind: its own rows over the defaults. */
export async function cityRules(db: DbOrTx, cityId: string, kind?: LedgerKind): Promise<PointsRule[]> {
  const rows = await db
    .select()
    .from(pointsRules)
    .where(kind ? and(eq(pointsRules.cityId, cityId), eq(pointsRules.kind, kind)) : eq(pointsRules.cityId, cityId));
  const byKey = new Map<string, PointsRule>();
  for (const r of DEFAULT_RULES) if (!kind || r.kind === kind) byKey.set(`${r.kind}:${r.code}`, r);
  for (const r of rows) {
    byKey.set(`${r.kind}:${r.code}`, { kind: r.kind, code: r.code, points: r.points, cap: r.cap, cycle: r.cycle, label: r.label });
  }
  return [...byKey.values()];
}

/** One rule of a city, or undefined when the code is unknown. */
export async function findRule(db: DbOrTx, cityId: string, kind: LedgerKind, code: string): Promise<PointsRule | undefined> {
  const [row] = await db
    .select()
    .from(pointsRules)
    .where(and(eq(pointsRules.cityId, cityId), eq(pointsRules.kind, kind), eq(pointsRules.code, code)))
    .limit(1);
  if (row) return { kind: row.kind, code: row.code, points: row.points, cap: row.cap, cycle: row.cycle, label: row.label };
  return DEFAULT_RULES.find((r) => r.kind === kind && r.code === code);
}
