import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client.js';
import type { ServiceSource } from '../members/service-record.js';

/**
 * Community service for the members' compliance lists (members/service-record.ts): an approved attendance of an
 * activity that ended in [from, to) (Asia/Shanghai dates) counts once, for the member whose account attended.
 */
export const activityService: ServiceSource = async (db: DbOrTx, memberIds, from, to) => {
  const counts = new Map<string, number>();
  if (memberIds.length === 0) return counts;
  const res = (await db.execute(sql`
    select pm.id, count(*)::int as n
    from party_members pm
    join activity_signups s on s.user_id = pm.user_id and s.review = 'approved'
    join activities a on a.id = s.activity_id
    where pm.id in (${sql.join(memberIds.map((id) => sql`${id}::uuid`), sql`, `)})
      and a.ends_at >= (${from}::date)::timestamp at time zone 'Asia/Shanghai'
      and a.ends_at < (${to}::date)::timestamp at time zone 'Asia/Shanghai'
    group by pm.id`)) as unknown as { rows: Array<{ id: string; n: number }> };
  for (const r of res.rows) counts.set(r.id, Number(r.n));
  return counts;
};
