/**
 * Reader and writer of the pabulib `.pb` format (pabulib.org): three sections, META, PROJECTS and VOTES, each a
 * section-name line, a header line and `;`-separated rows. Fields may be quoted with `"` (a `""` inside a quoted field
 * is one `"`, and a quoted field may hold `;` and line breaks).
 *
 * The model keeps every field as the text it was (after unquoting), every column and every row in file order, so
 * nothing is lost. `writePb` writes the normal form:
 *  - sections in the order META, PROJECTS, VOTES, section names in capitals;
 *  - one line ending throughout: the file's first line ending (`\r\n` or `\n`), after every line including the last;
 *  - no byte-order mark, no blank lines;
 *  - a field is quoted only when it must be: when it holds `;`, `"`, `\r` or `\n`, when it is the first field of a
 *    row and reads as a section name (`meta`, `projects`, `votes` in any case, spaces around), or when it is the only
 *    field of its row and blank; inside quotes `"` is doubled.
 * `readPb(writePb(m))` gives back `m` (without its line numbers), so `writePb(readPb(text))` is a fixed point: writing
 * what it reads again gives the same bytes.
 */

export type PbSectionName = 'META' | 'PROJECTS' | 'VOTES';
export const PB_SECTIONS: readonly PbSectionName[] = ['META', 'PROJECTS', 'VOTES'];

export interface PbTable {
  /** Column names, as in the header line. */
  header: string[];
  /** One array per row, as long as `header`. */
  rows: string[][];
  /** The 1-based line of the file each row starts on (set by `readPb`; absent for tables built in memory). */
  lines?: number[];
  /** The line of the header (set by `readPb`). */
  headerLine?: number;
}

export interface PbInstance {
  /** The line ending the writer uses. */
  lineEnding: '\n' | '\r\n';
  /** META: header `key;value`, one row per key, in file order. */
  meta: PbTable;
  projects: PbTable;
  votes: PbTable;
}

export class PbFormatError extends Error {
  constructor(
    message: string,
    /** The 1-based line of the file the problem is on, when it comes from a file. */
    readonly line?: number,
  ) {
    super(line === undefined ? message : `line ${line}: ${message}`);
    this.name = 'PbFormatError';
  }
}

const SECTION_RE = /^\s*(meta|projects|votes)\s*$/i;

interface RawRecord {
  fields: string[];
  /** Whether the first field was quoted (a quoted `META` is data, not a section line). */
  firstQuoted: boolean;
  line: number;
}

/** Splits the text into records: `;`-separated fields, quoted fields may span lines. Blank lines are skipped. */
function* records(text: string): Generator<RawRecord> {
  const n = text.length;
  let pos = 0;
  let line = 1;
  while (pos < n) {
    const start = line;
    // Fast path: a line without quotes.
    let eol = text.indexOf('\n', pos);
    if (eol < 0) eol = n;
    let end = eol > pos && text.charCodeAt(eol - 1) === 13 ? eol - 1 : eol;
    const raw = text.slice(pos, end);
    if (!raw.includes('"')) {
      if (raw.includes('\r')) throw new PbFormatError('a carriage return (\\r) inside a line outside quotes', start);
      pos = eol + 1;
      line++;
      if (raw.trim() === '') continue;
      yield { fields: raw.split(';'), firstQuoted: false, line: start };
      continue;
    }
    // Slow path: a field-by-field scan that may cross line ends inside quotes.
    const fields: string[] = [];
    let firstQuoted = false;
    for (;;) {
      if (text.charCodeAt(pos) === 34 /* " */) {
        if (fields.length === 0) firstQuoted = true;
        let value = '';
        let p = pos + 1;
        for (;;) {
          const q = text.indexOf('"', p);
          if (q < 0) throw new PbFormatError('a quoted field is not closed (missing ")', start);
          const chunk = text.slice(p, q);
          for (let i = chunk.indexOf('\n'); i >= 0; i = chunk.indexOf('\n', i + 1)) line++;
          value += chunk;
          if (text.charCodeAt(q + 1) === 34) {
            value += '"';
            p = q + 2;
            continue;
          }
          pos = q + 1;
          break;
        }
        fields.push(value);
        const c = text.charCodeAt(pos);
        if (c === 59 /* ; */) {
          pos++;
          continue;
        }
        if (pos >= n || c === 10 || (c === 13 && text.charCodeAt(pos + 1) === 10)) {
          pos += pos >= n ? 0 : c === 13 ? 2 : 1;
          line++;
          break;
        }
        const opened = line > start ? ` (a quoted field opened on line ${start})` : '';
        throw new PbFormatError(`unexpected text after the closing quote of field ${fields.length}${opened}; a " inside a quoted field must be doubled`, line);
      }
      // An unquoted field: up to the next `;` or line end (a `"` inside it is an ordinary character).
      let semi = text.indexOf(';', pos);
      eol = text.indexOf('\n', pos);
      if (eol < 0) eol = n;
      if (semi >= 0 && semi < eol) {
        fields.push(text.slice(pos, semi));
        pos = semi + 1;
        continue;
      }
      semi = -1;
      end = eol > pos && text.charCodeAt(eol - 1) === 13 ? eol - 1 : eol;
      const value = text.slice(pos, end);
      if (value.includes('\r')) throw new PbFormatError('a carriage return (\\r) inside a line outside quotes', line);
      fields.push(value);
      pos = eol + 1;
      line++;
      break;
    }
    yield { fields, firstQuoted, line: start };
  }
}

/** Reads a `.pb` file's text. Throws `PbFormatError` naming the line for anything malformed. */
export function readPb(input: string): PbInstance {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const firstNl = text.indexOf('\n');
  const lineEnding = firstNl > 0 && text.charCodeAt(firstNl - 1) === 13 ? '\r\n' : '\n';
  const tables = new Map<PbSectionName, PbTable>();
  let current: PbTable | null = null;
  let currentName: PbSectionName | null = null;
  for (const r of records(text)) {
    const m = !r.firstQuoted && SECTION_RE.exec(r.fields[0]!);
    if (m && r.fields.slice(1).every((f) => f.trim() === '')) {
      const name = m[1]!.toUpperCase() as PbSectionName;
      if (tables.has(name)) throw new PbFormatError(`section ${name} appears a second time`, r.line);
      current = { header: [], rows: [], lines: [] };
      currentName = name;
      tables.set(name, current);
      continue;
    }
    if (!current || !currentName) throw new PbFormatError('the file must start with a section name (META, PROJECTS or VOTES)', r.line);
    if (current.headerLine === undefined) {
      const seen = new Set<string>();
      for (const h of r.fields) {
        const k = h.trim();
        if (k === '') throw new PbFormatError(`an empty column name in the header of ${currentName}`, r.line);
        if (seen.has(k)) throw new PbFormatError(`column ${k} appears twice in the header of ${currentName}`, r.line);
        seen.add(k);
      }
      current.header = r.fields;
      current.headerLine = r.line;
      continue;
    }
    if (r.fields.length !== current.header.length) {
      throw new PbFormatError(
        `${currentName} row has ${r.fields.length} field${r.fields.length === 1 ? '' : 's'}, the header has ${current.header.length} (${current.header.join(';')}); quote a field that holds ";"`,
        r.line,
      );
    }
    current.rows.push(r.fields);
    current.lines!.push(r.line);
  }
  for (const name of PB_SECTIONS) {
    const t = tables.get(name);
    if (!t) throw new PbFormatError(`section ${name} is missing`);
    if (t.headerLine === undefined) throw new PbFormatError(`section ${name} has no header line`);
  }
  const inst: PbInstance = { lineEnding, meta: tables.get('META')!, projects: tables.get('PROJECTS')!, votes: tables.get('VOTES')! };
  checkStructure(inst);
  return inst;
}

/** Columns every file needs, and unique keys and project ids. */
function checkStructure(inst: PbInstance) {
  const need = (t: PbTable, section: PbSectionName, cols: string[]) => {
    for (const c of cols) if (columnIndex(t, c) < 0) throw new PbFormatError(`${section} has no column ${c}`, t.headerLine);
  };
  if (inst.meta.header.length < 2) throw new PbFormatError('the META header must have two columns (key;value)', inst.meta.headerLine);
  need(inst.projects, 'PROJECTS', ['project_id', 'cost']);
  need(inst.votes, 'VOTES', ['voter_id', 'vote']);
  const keys = new Set<string>();
  inst.meta.rows.forEach((row, i) => {
    const k = row[0]!.trim();
    if (keys.has(k)) throw new PbFormatError(`META key ${k} appears twice`, inst.meta.lines?.[i]);
    keys.add(k);
  });
  const idCol = columnIndex(inst.projects, 'project_id');
  const ids = new Set<string>();
  inst.projects.rows.forEach((row, i) => {
    const id = row[idCol]!.trim();
    if (id === '') throw new PbFormatError('a project without project_id', inst.projects.lines?.[i]);
    if (ids.has(id)) throw new PbFormatError(`project ${id} appears twice`, inst.projects.lines?.[i]);
    ids.add(id);
  });
}

/** The index of a column (names compared without surrounding spaces), or -1. */
export function columnIndex(t: PbTable, name: string): number {
  return t.header.findIndex((h) => h.trim() === name);
}

/** A META value (trimmed), or undefined. */
export function metaValue(inst: PbInstance, key: string): string | undefined {
  const row = inst.meta.rows.find((r) => r[0]!.trim() === key);
  return row?.[1]?.trim();
}

const NEEDS_QUOTES = /[;"\r\n]/;

function field(value: string, first: boolean, only: boolean): string {
  if (NEEDS_QUOTES.test(value) || (first && SECTION_RE.test(value)) || (only && value.trim() === '')) return `"${value.replaceAll('"', '""')}"`;
  return value;
}

function writeRow(out: string[], row: readonly string[], eol: string) {
  let s = '';
  for (let i = 0; i < row.length; i++) {
    if (i > 0) s += ';';
    s += field(row[i]!, i === 0, row.length === 1);
  }
  out.push(s + eol);
}

/** Writes an instance in the normal form (see the top of this file). */
export function writePb(inst: PbInstance): string {
  const eol = inst.lineEnding;
  const out: string[] = [];
  for (const [name, t] of [
    ['META', inst.meta],
    ['PROJECTS', inst.projects],
    ['VOTES', inst.votes],
  ] as const) {
    out.push(name + eol);
    writeRow(out, t.header, eol);
    for (const row of t.rows) {
      if (row.length !== t.header.length) throw new PbFormatError(`${name} row has ${row.length} fields, the header has ${t.header.length}`);
      writeRow(out, row, eol);
    }
  }
  return out.join('');
}
