import { sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client.js';
import type { Services } from '../../platform/services.js';

const OPEN = sql.raw(`('received','pending_dispatch','dispatched','accepted','on_site','in_progress','replied','reviewed','visited')`);

interface Fired {
  appeal_id: string;
  city_id: string;
  deadline: Date;
}

/**
 * Marks yellow warnings and red overdues that have come due. A mark's key is (case, kind, deadline), so
 * however many processes sweep at once each fires once; an extension makes a new deadline and so a new
 * mark. Suspended cases are skipped (their clock stands still). Returns the marks written.
 */
export async function sweepDeadlines(services: Services, tx: Tx, batch = 2000): Promise<{ warnings: number; overdues: number }> {
  const rows = <T>(r: unknown) => (r as { rows: T[] }).rows;
  const warnings = rows<Fired>(
    await tx.execute(sql`
      with due as (
        select a.id, a.city_id, a.due_by from appeals a
        where a.status in ${OPEN} and a.warn_at <= now()
          and not exists (select 1 from appeal_deadline_marks m where m.appeal_id = a.id and m.kind = 'warning' and m.deadline = a.due_by)
        order by a.warn_at limit ${batch})
      insert into appeal_deadline_marks (appeal_id, kind, deadline)
      select id, 'warning', due_by from due
      on conflict do nothing
      returning appeal_id, (select city_id from appeals where id = appeal_id) as city_id, deadline`),
  );
  const overdues = rows<Fired>(
    await tx.execute(sql`
      with due as (
        select a.id, a.due_by from appeals a
        where a.status in ${OPEN} and a.due_by <= now()
          and not exists (select 1 from appeal_deadline_marks m where m.appeal_id = a.id and m.kind = 'overdue' and m.deadline = a.due_by)
        order by a.due_by limit ${batch})
      insert into appeal_deadline_marks (appeal_id, kind, deadline)
      select id, 'overdue', due_by from due
      on conflict do nothing
      returning appeal_id, (select city_id from appeals where id = appeal_id) as city_id, deadline`),
  );
  if (warnings.length) {
    await tx.execute(sql`update appeals set warned_at = now() where id = any(${sql.raw(idArray(warnings))})`);
  }
  if (overdues.length) {
    // Overdue cases are supervised (督办), and listed (挂牌) when they were also returned twice or more.
    await tx.execute(sql`
      update appeals set overdue_at = now(),
        supervision = case when bounce_count >= 2 then 'listed'
                           when supervision = 'listed' then 'listed' else 'supervise' end
      where id = any(${sql.raw(idArray(overdues))})`);
  }
  for (const w of warnings) {
    await services.events.emit(tx, { type: 'appeal.warning', cityId: w.city_id, actorId: null, subjectId: w.appeal_id, payload: { appealId: w.appeal_id, dueBy: new Date(w.deadline).toISOString() } });
  }
  for (const o of overdues) {
    await services.events.emit(tx, { type: 'appeal.overdue', cityId: o.city_id, actorId: null, subjectId: o.appeal_id, payload: { appealId: o.appeal_id, dueBy: new Date(o.deadline).toISOString() } });
  }
  return { warnings: warnings.length, overdues: overdues.length };
}

const idArray = (rows: Fired[]) => `ARRAY[${rows.map((r) => `'${String(r.appeal_id).replace(/[^0-9a-f-]/gi, '')}'`).join(',')}]::uuid[]`;
