import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client.js';
import type { CryptoProvider } from '../../platform/pii/crypto-provider.js';
import { pathInRoots } from '../../platform/access/scope.js';
import { translate } from '../../platform/i18n/messages.js';
import { newId } from '../../platform/db/columns.js';
import { regions } from '../regions/schema.js';
import { units } from '../units/schema.js';
import { partyOrgs } from '../orgs/schema.js';
import { partyMembers } from './schema.js';
import { checkMemberValues, piiColumns, type FieldProblem } from './member-input.js';
import { GENDER_LABELS, KIND_LABELS, STANDING_LABELS, headerOf, type SheetRow } from './workbook.js';

export interface RowError {
  field: string;
  column: string;
  code: string;
  message: { 'zh-CN': string; en: string };
}
export interface ImportReport {
  total: number;
  imported: number;
  failed: Array<{ row: number; errors: RowError[] }>;
}

/** Text dates: 2020-07-01, 2020/7/1, 2020.7.1, 20200701 → 2020-07-01; anything else is returned as is (and fails). */
export function normaliseDate(s: string): string {
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(s) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  return m ? `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}` : s;
}

const ID_REASONS_ZH: Record<string, string> = { length: '位数不对', format: '格式不对', region: '地区码不存在', birthdate: '出生日期无效', checksum: '校验位错误' };

const describe = (p: FieldProblem): RowError => ({
  field: p.field,
  column: headerOf(p.field),
  code: p.code,
  message: {
    'zh-CN': translate(p.code, 'zh-CN', { ...p.extra, field: headerOf(p.field), ...(p.extra?.reason ? { reason: ID_REASONS_ZH[String(p.extra.reason)] ?? p.extra.reason } : {}) }),
    en: translate(p.code, 'en', { ...p.extra, field: p.field }),
  },
});

/** Name → rows with that name (for org, unit and building look-ups by name within the caller's area). */
function byName<T extends { name: string }>(rows: T[]) {
  const m = new Map<string, T[]>();
  for (const r of rows) m.set(r.name, [...(m.get(r.name) ?? []), r]);
  return m;
}

const CHUNK = 500;

/**
 * Validates every row (fields, the ID number's check character, the phone, labels, dates, organisation, unit and
 * building names resolved within `roots`, duplicates in the file and against the register) and inserts every valid
 * row in the caller's transaction, in multi-row statements of 500. Returns exactly the failed rows with each field
 * and reason.
 */
export async function importMembers(tx: Tx, crypto: CryptoProvider, actor: { userId: string; cityId: string }, roots: readonly string[], sheet: readonly SheetRow[]): Promise<ImportReport> {
  const cityId = actor.cityId;
  const names = (k: 'org' | 'unit' | 'building') => [...new Set(sheet.map((r) => r.values[k]).filter((x): x is string => !!x))];
  const [orgRows, unitRows, buildingRows] = await Promise.all([
    names('org').length
      ? tx.select({ id: partyOrgs.id, name: partyOrgs.name, path: partyOrgs.regionPath }).from(partyOrgs).where(and(eq(partyOrgs.cityId, cityId), pathInRoots(partyOrgs.regionPath, roots), inArray(partyOrgs.name, names('org'))))
      : [],
    names('unit').length
      ? tx.select({ id: units.id, name: units.name, path: units.regionPath }).from(units).where(and(eq(units.cityId, cityId), pathInRoots(units.regionPath, roots), inArray(units.name, names('unit'))))
      : [],
    names('building').length
      ? tx
          .select({ id: regions.id, name: regions.name, code: regions.code, path: regions.path, parentId: regions.parentId })
          .from(regions)
          .where(and(eq(regions.cityId, cityId), eq(regions.level, 'building'), pathInRoots(regions.path, roots), sql`(${inArray(regions.name, names('building'))} or ${inArray(regions.code, names('building'))})`))
      : [],
  ]);
  const orgs = byName(orgRows);
  const unitsByName = byName(unitRows);
  const buildings = byName(buildingRows);
  const buildingByCode = new Map(buildingRows.map((b) => [b.code, b]));

  type Ready = { row: number; values: typeof partyMembers.$inferInsert };
  const failed = new Map<number, RowError[]>();
  const ready: Ready[] = [];
  const firstRowOfId = new Map<string, number>();
  const fail = (row: number, p: FieldProblem[]) => failed.set(row, [...(failed.get(row) ?? []), ...p.map(describe)]);

  for (const { row, values: v } of sheet) {
    const problems: FieldProblem[] = [];
    const need = (k: 'name' | 'idNumber' | 'standing' | 'joinDate' | 'kind') => {
      if (!v[k]) problems.push({ field: k, code: 'import_required' });
      return v[k] ?? '';
    };
    const name = need('name');
    const idNumber = need('idNumber');
    const standing = STANDING_LABELS[need('standing')];
    if (v.standing && !standing) problems.push({ field: 'standing', code: 'import_choice', extra: { choices: '正式/预备' } });
    const kind = KIND_LABELS[need('kind')];
    if (v.kind && !kind) problems.push({ field: 'kind', code: 'import_choice', extra: { choices: '在职/退休/流动/候鸟' } });
    const gender = v.gender ? GENDER_LABELS[v.gender] : null;
    if (v.gender && !gender) problems.push({ field: 'gender', code: 'import_choice', extra: { choices: '男/女' } });
    const joinDate = normaliseDate(need('joinDate'));
    const birthDate = v.birthDate ? normaliseDate(v.birthDate) : null;
    if (name.length > 64) problems.push({ field: 'name', code: 'import_too_long' });

    const one = <T>(field: 'org' | 'unit' | 'building', found: T[] | undefined): T | null => {
      if (!v[field]) return null;
      if (!found?.length) problems.push({ field, code: 'import_not_found', extra: { value: v[field] } });
      else if (found.length > 1) problems.push({ field, code: 'import_ambiguous', extra: { value: v[field] } });
      else return found[0]!;
      return null;
    };
    const org = one('org', orgs.get(v.org ?? ''));
    const unit = one('unit', unitsByName.get(v.unit ?? ''));
    const building = v.building && buildingByCode.has(v.building) ? buildingByCode.get(v.building)! : one('building', buildings.get(v.building ?? ''));
    if (!v.org && !v.unit && !v.building) problems.push({ field: 'building', code: 'member_place_required' });

    if (idNumber && standing && kind && joinDate) {
      const checked = checkMemberValues({ name, idNumber, phone: v.phone ?? null, gender, birthDate, standing, joinDate, kind });
      problems.push(...checked.problems.filter((p) => !problems.some((q) => q.field === p.field)));
      if (!checked.problems.length && !problems.length) {
        const first = firstRowOfId.get(checked.idNumber!);
        if (first !== undefined) problems.push({ field: 'idNumber', code: 'import_duplicate_in_file', extra: { row: first } });
        else {
          firstRowOfId.set(checked.idNumber!, row);
          const skills = (v.skills ?? '').split(/[、,，;；]/).map((s) => s.trim()).filter(Boolean).slice(0, 30);
          ready.push({
            row,
            values: {
              id: newId(),
              cityId,
              name,
              ...piiColumns(crypto, checked.idNumber!, checked.phone ?? null),
              gender: checked.gender!,
              birthDate: checked.birthDate!,
              standing,
              joinDate,
              kind,
              orgId: org?.id ?? null,
              unitId: unit?.id ?? null,
              buildingId: building?.id ?? null,
              gridId: building?.parentId ?? null,
              address: v.address ?? null,
              skills,
              regionPath: building?.path ?? org?.path ?? unit?.path ?? '',
              createdBy: actor.userId,
            },
          });
        }
      }
    }
    if (problems.length) fail(row, problems);
  }

  // Against the register: ID numbers already there.
  const taken = new Set<string>();
  for (let i = 0; i < ready.length; i += 2000) {
    const bidx = ready.slice(i, i + 2000).map((r) => r.values.idNumberBidx);
    const found = await tx.select({ b: partyMembers.idNumberBidx }).from(partyMembers).where(and(eq(partyMembers.cityId, cityId), inArray(partyMembers.idNumberBidx, bidx)));
    for (const f of found) taken.add(f.b);
  }
  const toInsert = ready.filter((r) => {
    if (!taken.has(r.values.idNumberBidx)) return true;
    fail(r.row, [{ field: 'idNumber', code: 'member_id_number_taken' }]);
    return false;
  });
  let imported = 0;
  for (let i = 0; i < toInsert.length; i += CHUNK) {
    const chunk = toInsert.slice(i, i + CHUNK);
    // A member added meanwhile by someone else loses its row here instead of failing the whole file.
    const done = await tx.insert(partyMembers).values(chunk.map((r) => r.values)).onConflictDoNothing().returning({ id: partyMembers.id });
    const ok = new Set(done.map((d) => d.id));
    imported += ok.size;
    for (const r of chunk) if (!ok.has(r.values.id!)) fail(r.row, [{ field: 'idNumber', code: 'member_id_number_taken' }]);
  }
  return { total: sheet.length, imported, failed: [...failed].sort((a, b) => a[0] - b[0]).map(([row, errors]) => ({ row, errors })) };
}
