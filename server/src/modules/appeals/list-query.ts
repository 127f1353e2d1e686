import { and, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { AppError } from '../../platform/errors.js';
import { APPEAL_STATUSES, type AppealStatus } from './states.js';
import { appeals } from './schema.js';
import { DateOrInstant, periodEnd, periodStart } from './date-params.js';

/** `status=a,b`, `status=a&status=b`, or both: one list of known statuses (an unknown one names the field `status`). */
const Statuses = z.preprocess(
  (v) => (v === undefined ? undefined : (Array.isArray(v) ? v : [v]).flatMap((x) => String(x).split(',')).map((x) => x.trim()).filter(Boolean)),
  z
    .array(z.string())
    .max(APPEAL_STATUSES.length * 2)
    .superRefine((xs, ctx) => {
      const bad = xs.find((x) => !(APPEAL_STATUSES as readonly string[]).includes(x));
      if (bad !== undefined) ctx.addIssue({ code: 'custom', message: `unknown status '${bad.slice(0, 40)}'` });
    })
    .transform((xs) => [...new Set(xs)] as AppealStatus[])
    .optional(),
);

export const AppealListQuery = z.object({
  status: Statuses,
  open: z.enum(['true', 'false']).optional(),
  categoryId: z.uuid().optional(),
  supervised: z.enum(['true', 'false']).optional(),
  overdue: z.enum(['true', 'false']).optional(),
  mine: z.enum(['reported', 'assigned', 'department']).optional(),
  q: z.string().trim().max(60).optional(),
  /** Received on or after: a date means its 00:00 in Shanghai. */
  receivedFrom: DateOrInstant.optional(),
  /** Received up to: a date includes the whole day (Shanghai); an instant is exclusive. */
  receivedTo: DateOrInstant.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export type AppealListQuery = z.infer<typeof AppealListQuery>;

/** The received-at range as SQL conditions; `receivedTo` before `receivedFrom` is a 400 naming `receivedTo`. */
export function receivedRange(q: Pick<AppealListQuery, 'receivedFrom' | 'receivedTo'>): SQL[] {
  const from = q.receivedFrom === undefined ? null : periodStart(q.receivedFrom);
  const to = q.receivedTo === undefined ? null : periodEnd(q.receivedTo);
  if (from && to && !(from.getTime() < to.getTime())) {
    throw new AppError(400, 'validation', 'receivedTo must be after receivedFrom', 'receivedTo', { detail: 'receivedTo ≤ receivedFrom' });
  }
  return [...(from ? [gte(appeals.receivedAt, from)] : []), ...(to ? [lt(appeals.receivedAt, to)] : [])];
}

/** Filters of the list besides its scope. */
export function listFilters(q: AppealListQuery): SQL[] {
  const conds: SQL[] = [...receivedRange(q)];
  if (q.status?.length) conds.push(inArray(appeals.status, q.status));
  if (q.open === 'true') conds.push(sql`${appeals.status} not in ('answered','not_accepted','merged','closed')`);
  if (q.categoryId) conds.push(sql`${appeals.categoryId} = ${q.categoryId}`);
  if (q.supervised === 'true') conds.push(sql`${appeals.supervision} is not null`);
  if (q.overdue === 'true') conds.push(sql`${appeals.overdueAt} is not null`);
  if (q.q) {
    const like = `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conds.push(sql`(${appeals.title} ilike ${like} or ${appeals.number} ilike ${like})`);
  }
  return conds.length ? [and(...conds)!] : [];
}
