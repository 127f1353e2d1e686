/**
 * Small RFC 4180 CSV reader for the bench scripts (no dependency).
 *
 * - Fields may be quoted with `"`; inside quotes, `""` is a literal quote and
 *   commas, CR and LF are part of the field.
 * - Records end at LF, CRLF or a lone CR outside quotes.
 * - A leading UTF-8 byte-order mark is dropped.
 * - Unquoted fields are taken verbatim (no trimming). A quote that appears in
 *   the middle of an unquoted field is kept as a literal character.
 * - A blank line yields no record; a trailing newline does not add one.
 *
 * Throws on an unterminated quoted field, with the line where it opened.
 */

export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const n = text.length;
  let line = 1;
  // Whether the current record has any content (to drop blank lines).
  let started = false;
  // Whether nothing of the current field has been read yet.
  let atFieldStart = true;

  const endField = (): void => {
    row.push(field);
    field = '';
    atFieldStart = true;
  };
  const endRow = (): void => {
    if (started) {
      endField();
      rows.push(row);
    }
    row = [];
    field = '';
    started = false;
    atFieldStart = true;
  };

  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */ && atFieldStart) {
      // Quoted field (a quote at the start of a field).
      started = true;
      atFieldStart = false;
      const openedAt = line;
      i++;
      let chunkStart = i;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) throw new Error(`CSV: unterminated quoted field opened on line ${openedAt}`);
        for (let k = i; k < q; k++) if (text.charCodeAt(k) === 0x0a) line++;
        if (text.charCodeAt(q + 1) === 0x22) {
          field += text.slice(chunkStart, q + 1);
          i = q + 2;
          chunkStart = i;
          continue;
        }
        field += text.slice(chunkStart, q);
        i = q + 1;
        break;
      }
      // Anything up to the next separator is appended verbatim (lenient).
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 0x2c || d === 0x0a || d === 0x0d) break;
        field += text[i];
        i++;
      }
      continue;
    }
    if (c === 0x2c /* , */) {
      started = true;
      endField();
      i++;
      continue;
    }
    if (c === 0x0a || c === 0x0d) {
      endRow();
      line++;
      i += c === 0x0d && text.charCodeAt(i + 1) === 0x0a ? 2 : 1;
      continue;
    }
    // Unquoted run up to the next separator.
    started = true;
    atFieldStart = false;
    let j = i;
    while (j < n) {
      const d = text.charCodeAt(j);
      if (d === 0x2c || d === 0x0a || d === 0x0d) break;
      j++;
    }
    field += text.slice(i, j);
    i = j;
  }
  endRow();
  return rows;
}

/**
 * Parses CSV with a header row into records keyed by column name. Throws when
 * a required column is missing or a record has a different field count.
 */
export function parseCsvRecords(text: string, required: readonly string[] = []): Array<Record<string, string>> {
  const rows = parseCsv(text);
  const header = rows[0];
  if (!header) return [];
  for (const col of required) {
    if (!header.includes(col)) throw new Error(`CSV: missing column "${col}" (header: ${header.join(', ')})`);
  }
  const out: Array<Record<string, string>> = [];
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r]!;
    if (row.length !== header.length) {
      throw new Error(`CSV: record ${r + 1} has ${row.length} fields, header has ${header.length}`);
    }
    const rec: Record<string, string> = {};
    header.forEach((h, k) => {
      rec[h] = row[k] ?? '';
    });
    out.push(rec);
  }
  return out;
}
