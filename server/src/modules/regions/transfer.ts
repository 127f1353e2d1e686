import ExcelJS from 'exceljs';
import type { Tx } from '../../platform/db/client.js';
import { AppError } from '../../platform/errors.js';
import type { Crs } from '../../platform/geo/crs.js';
import { inSubtree } from '../../platform/access/scope.js';
import { createRegion, updateRegion } from './commands.js';
import { regionByCode, type RegionRow } from './queries.js';
import { REGION_LEVELS, type RegionLevel } from './schema.js';

/** One region as it travels in GeoJSON and Excel: identified by code, placed by its parent's code. */
export interface RegionRecord {
  /** Where the record came from: feature number or spreadsheet row, for error reports. */
  row: number;
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
  kind?: string | null;
  geometry?: unknown;
  point?: [number, number] | null;
  population?: number | null;
  households?: number | null;
}

export interface RowError {
  row: number;
  field: string;
  message: string;
}

export const EXCEL_COLUMNS = ['code', 'name', 'level', 'parentCode', 'kind', 'lng', 'lat', 'population', 'households', 'geometry'] as const;

/** Reads a GeoJSON FeatureCollection whose properties carry code, name, level, parentCode. */
export function recordsFromGeoJson(fc: unknown): { records: RegionRecord[]; errors: RowError[] } {
  const errors: RowError[] = [];
  const records: RegionRecord[] = [];
  const features = (fc as { type?: string; features?: unknown[] })?.features;
  if ((fc as { type?: string })?.type !== 'FeatureCollection' || !Array.isArray(features)) {
    return { records, errors: [{ row: 0, field: 'type', message: 'expected a GeoJSON FeatureCollection' }] };
  }
  features.forEach((f, i) => {
    const feat = f as { properties?: Record<string, unknown>; geometry?: { type?: string; coordinates?: unknown } | null };
    const p = feat.properties ?? {};
    const rec = recordOf(p, i + 1, errors);
    if (!rec) return;
    if (feat.geometry?.type === 'Point' && Array.isArray(feat.geometry.coordinates)) {
      rec.point = feat.geometry.coordinates as [number, number];
    } else if (feat.geometry) rec.geometry = feat.geometry;
    records.push(rec);
  });
  return { records, errors };
}

function recordOf(p: Record<string, unknown>, row: number, errors: RowError[]): RegionRecord | null {
  const code = p.code == null ? '' : String(p.code).trim();
  const name = p.name == null ? '' : String(p.name).trim();
  const level = String(p.level ?? '').trim() as RegionLevel;
  let ok = true;
  const fail = (field: string, message: string) => {
    errors.push({ row, field, message });
    ok = false;
  };
  if (!code) fail('code', 'required');
  if (!name) fail('name', 'required');
  if (!REGION_LEVELS.includes(level)) fail('level', `one of ${REGION_LEVELS.join(', ')}`);
  const num = (v: unknown, field: string) => {
    if (v == null || v === '') return null;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) fail(field, 'a whole number ≥ 0');
    return n;
  };
  const population = num(p.population, 'population');
  const households = num(p.households, 'households');
  if (!ok) return null;
  return {
    row,
    code,
    name,
    level,
    parentCode: p.parentCode == null || p.parentCode === '' ? null : String(p.parentCode).trim(),
    kind: p.kind == null || p.kind === '' ? null : String(p.kind),
    population,
    households,
  };
}

/** Reads the first sheet of an Excel workbook laid out as EXCEL_COLUMNS (header row first). */
export async function recordsFromExcel(buf: Buffer): Promise<{ records: RegionRecord[]; errors: RowError[] }> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
  } catch {
    return { records: [], errors: [{ row: 0, field: 'file', message: 'not an .xlsx workbook' }] };
  }
  const ws = wb.worksheets[0];
  if (!ws) return { records: [], errors: [{ row: 0, field: 'file', message: 'the workbook has no sheet' }] };
  const header = (ws.getRow(1).values as unknown[]).slice(1).map((v) => String(v ?? '').trim());
  const missing = ['code', 'name', 'level'].filter((c) => !header.includes(c));
  if (missing.length) return { records: [], errors: missing.map((m) => ({ row: 1, field: m, message: 'missing column' })) };
  const errors: RowError[] = [];
  const records: RegionRecord[] = [];
  ws.eachRow((r, rowNumber) => {
    if (rowNumber === 1) return;
    const vals = (r.values as unknown[]).slice(1);
    const p: Record<string, unknown> = {};
    header.forEach((h, i) => {
      const v = vals[i];
      p[h] = v && typeof v === 'object' && 'text' in (v as object) ? (v as { text: unknown }).text : v;
    });
    if (Object.values(p).every((v) => v == null || v === '')) return;
    const rec = recordOf(p, rowNumber, errors);
    if (!rec) return;
    if (p.geometry) {
      try {
        rec.geometry = JSON.parse(String(p.geometry));
      } catch {
        errors.push({ row: rowNumber, field: 'geometry', message: 'not GeoJSON' });
        return;
      }
    } else if (p.lng != null && p.lat != null && p.lng !== '' && p.lat !== '') {
      rec.point = [Number(p.lng), Number(p.lat)];
    }
    records.push(rec);
  });
  return { records, errors };
}

/**
 * Creates or updates regions by code inside one transaction; parents come first (by level). All rows are
 * checked; on any error nothing is written and the error lists every row with its field.
 */
export async function importRecords(
  tx: Tx,
  opts: { cityId: string; crs: Crs; scopeRoots: string[]; records: RegionRecord[]; errors: RowError[] },
): Promise<{ created: number; updated: number }> {
  const errors = [...opts.errors];
  const order = (l: RegionLevel) => REGION_LEVELS.indexOf(l);
  const sorted = [...opts.records].sort((a, b) => order(a.level) - order(b.level));
  let created = 0;
  let updated = 0;
  const byCode = new Map<string, RegionRow>();
  const lookup = async (code: string) => byCode.get(code) ?? (await regionByCode(tx, opts.cityId, code));
  for (const r of sorted) {
    const { row } = r;
    try {
      const existing = await lookup(r.code);
      if (existing) {
        if (!opts.scopeRoots.some((root) => inSubtree(existing.path, root))) {
          errors.push({ row, field: 'code', message: 'outside your area' });
          continue;
        }
        if (existing.level !== r.level) {
          errors.push({ row, field: 'level', message: `existing region is a ${existing.level}` });
          continue;
        }
        const u = await updateRegion(tx, existing, {
          name: r.name,
          kind: r.kind ?? existing.kind,
          crs: opts.crs,
          population: r.population ?? existing.population,
          households: r.households ?? existing.households,
          ...(r.geometry !== undefined ? { boundary: r.geometry } : {}),
          ...(r.point ? { point: r.point } : {}),
        });
        byCode.set(r.code, u);
        updated += 1;
        continue;
      }
      if (!r.parentCode) {
        errors.push({ row, field: 'parentCode', message: 'required for a new region' });
        continue;
      }
      const parent = await lookup(r.parentCode);
      if (!parent) {
        errors.push({ row, field: 'parentCode', message: `no region with code ${r.parentCode}` });
        continue;
      }
      if (!opts.scopeRoots.some((root) => inSubtree(parent.path, root))) {
        errors.push({ row, field: 'parentCode', message: 'outside your area' });
        continue;
      }
      const c = await createRegion(tx, {
        parentId: parent.id,
        level: r.level,
        name: r.name,
        code: r.code,
        kind: r.kind ?? null,
        boundary: r.geometry,
        point: r.point ?? null,
        crs: opts.crs,
        population: r.population ?? null,
        households: r.households ?? null,
      });
      byCode.set(r.code, c);
      created += 1;
    } catch (err) {
      if (err instanceof AppError && err.status < 500) {
        errors.push({ row, field: err.field ?? 'row', message: err.code + (err.extra?.detail ? `: ${String(err.extra.detail)}` : '') });
      } else throw err;
    }
  }
  if (errors.length > 0) {
    errors.sort((a, b) => a.row - b.row);
    throw new AppError(400, 'import_invalid', 'import has errors', errors[0]!.field, {
      detail: `${errors.length} row(s)`,
      errors: errors.slice(0, 500),
    });
  }
  return { created, updated };
}

const parentCodeOf = (r: RegionRow, byId: Map<string, RegionRow>) => (r.parentId ? (byId.get(r.parentId)?.code ?? null) : null);

export function toFeatureCollection(rows: RegionRow[], parentCodes: Map<string, string | null>) {
  return {
    type: 'FeatureCollection' as const,
    features: rows.map((r) => ({
      type: 'Feature' as const,
      id: r.id,
      properties: {
        id: r.id,
        code: r.code,
        name: r.name,
        level: r.level,
        kind: r.kind,
        parentCode: parentCodes.get(r.id) ?? null,
        population: r.population,
        households: r.households,
        sourceCrs: r.sourceCrs,
      },
      geometry: r.boundary ?? (r.lng != null && r.lat != null ? { type: 'Point' as const, coordinates: [r.lng, r.lat] } : null),
    })),
  };
}

/** Parent codes for exported rows (the root's parent looked up separately by the caller if needed). */
export function parentCodes(rows: RegionRow[], rootParentCode: string | null): Map<string, string | null> {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const out = new Map<string, string | null>();
  for (const r of rows) out.set(r.id, parentCodeOf(r, byId) ?? (r === rows[0] ? rootParentCode : null));
  return out;
}

export async function toWorkbook(rows: RegionRow[], codes: Map<string, string | null>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('regions');
  ws.addRow([...EXCEL_COLUMNS]);
  for (const r of rows) {
    ws.addRow([
      r.code,
      r.name,
      r.level,
      codes.get(r.id) ?? '',
      r.kind ?? '',
      r.boundary ? '' : (r.lng ?? ''),
      r.boundary ? '' : (r.lat ?? ''),
      r.population ?? '',
      r.households ?? '',
      r.boundary ? JSON.stringify(r.boundary) : '',
    ]);
  }
  ws.getRow(1).font = { bold: true };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
