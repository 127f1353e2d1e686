import { getTableColumns, getTableName, sql, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';

/**
 * Many-row INSERTs for hot paths (group commit of intakes): the rows travel as ONE json parameter and are
 * unpacked by `json_populate_recordset`, so building the statement costs one JSON.stringify instead of a
 * placeholder and a type mapping per value; the statement's text is built once per shape and kept. Rows use
 * the table's TypeScript keys; every row must carry the same keys (a key left out is NULL, not the column
 * default, in every row — so give all or none).
 *
 * Options are SQL text, fixed per call site: `expressions` replaces the value of a column by an expression over
 * the unpacked row `r` (e.g. a number drawn from a sequence); `from` adds to the FROM list after `r` (e.g. a
 * LATERAL join that references `r`); `suffix` ends the statement (ON CONFLICT …, RETURNING …).
 */
export interface JsonInsertOptions {
  expressions?: Record<string, string>;
  from?: string;
  suffix?: string;
}

const shapes = new Map<string, { head: string; tail: string }>();

function shapeOf(table: PgTable, keys: string[], options: JsonInsertOptions) {
  const name = getTableName(table);
  const cacheKey = `${name}|${keys.join(',')}|${JSON.stringify(options)}`;
  let shape = shapes.get(cacheKey);
  if (!shape) {
    const columns = getTableColumns(table) as Record<string, { name: string }>;
    const all = [...keys.filter((k) => k in columns)];
    for (const k of Object.keys(options.expressions ?? {})) if (!all.includes(k)) all.push(k);
    const quote = (id: string) => `"${id.replace(/"/g, '""')}"`;
    const names = all.map((k) => columns[k]!.name);
    const values = all.map((k, i) => options.expressions?.[k] ?? `r.${quote(names[i]!)}`);
    shape = {
      head: `insert into ${quote(name)} (${names.map(quote).join(', ')}) select ${values.join(', ')} from json_populate_recordset(null::${quote(name)}, `,
      tail: `::json) r${options.from ? ` ${options.from}` : ''}${options.suffix ? ` ${options.suffix}` : ''}`,
    };
    shapes.set(cacheKey, shape);
  }
  return shape;
}

export function jsonInsert<T extends PgTable>(table: T, rows: ReadonlyArray<Record<string, unknown>>, options: JsonInsertOptions = {}): SQL {
  const keys = Object.keys(rows[0] ?? {});
  const shape = shapeOf(table, keys, options);
  const columns = getTableColumns(table) as Record<string, { name: string }>;
  const payload = rows.map((row) => {
    const out: Record<string, unknown> = {};
    for (const k of keys) {
      const col = columns[k];
      if (!col) continue;
      const v = row[k];
      out[col.name] = v instanceof Date ? v.toISOString() : (v ?? null);
    }
    return out;
  });
  return sql`${sql.raw(shape.head)}${JSON.stringify(payload)}${sql.raw(shape.tail)}`;
}
