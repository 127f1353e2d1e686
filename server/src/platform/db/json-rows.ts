import { getTableColumns, sql, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';

/**
 * Many-row INSERTs for hot paths (group commit of intakes): the rows travel as ONE json parameter and are
 * unpacked by `json_populate_recordset`, so building the statement costs one JSON.stringify instead of a
 * placeholder and a type mapping per value. Rows use the table's TypeScript keys; every row must carry the
 * same keys (a key left out is NULL, not the column default, in every row — so give all or none).
 *
 * `expressions` replaces the value of a column by SQL over the unpacked row `r` (e.g. a number drawn from a
 * sequence); `from` adds to the FROM list after `r`, e.g. a LATERAL join that references `r`.
 */
export function jsonInsert<T extends PgTable>(
  table: T,
  rows: ReadonlyArray<Record<string, unknown>>,
  options: { expressions?: Record<string, SQL>; from?: SQL; suffix?: SQL } = {},
): SQL {
  const columns = getTableColumns(table) as Record<string, { name: string }>;
  const keys = Object.keys(rows[0] ?? {}).filter((k) => k in columns);
  for (const k of Object.keys(options.expressions ?? {})) if (!keys.includes(k)) keys.push(k);
  const payload = rows.map((row) => {
    const out: Record<string, unknown> = {};
    for (const k of keys) {
      const v = row[k];
      out[columns[k]!.name] = v instanceof Date ? v.toISOString() : (v ?? null);
    }
    return out;
  });
  const names = keys.map((k) => sql.identifier(columns[k]!.name));
  const values = keys.map((k) => options.expressions?.[k] ?? sql`r.${sql.identifier(columns[k]!.name)}`);
  return sql`insert into ${table} (${sql.join(names, sql`, `)})
    select ${sql.join(values, sql`, `)} from json_populate_recordset(null::${table}, ${JSON.stringify(payload)}::json) r${options.from ?? sql``}
    ${options.suffix ?? sql``}`;
}
