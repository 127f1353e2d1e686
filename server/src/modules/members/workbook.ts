import ExcelJS from 'exceljs';
import { AppError } from '../../platform/errors.js';

/** The columns of the member workbook (template, import, export), in order. `*` marks required ones. */
export const COLUMNS = [
  { key: 'name', header: '姓名', required: true, width: 10 },
  { key: 'idNumber', header: '身份证号', required: true, width: 22 },
  { key: 'phone', header: '手机号', required: false, width: 14 },
  { key: 'gender', header: '性别', required: false, width: 6 },
  { key: 'birthDate', header: '出生日期', required: false, width: 12 },
  { key: 'standing', header: '党员身份', required: true, width: 10 },
  { key: 'joinDate', header: '入党日期', required: true, width: 12 },
  { key: 'org', header: '所属党组织', required: false, width: 24 },
  { key: 'unit', header: '工作单位', required: false, width: 24 },
  { key: 'kind', header: '党员类别', required: true, width: 10 },
  { key: 'address', header: '居住地址', required: false, width: 28 },
  { key: 'building', header: '居住楼栋', required: false, width: 18 },
  { key: 'skills', header: '技能特长', required: false, width: 20 },
] as const;
export type ColumnKey = (typeof COLUMNS)[number]['key'];
export const headerOf = (key: string) => COLUMNS.find((c) => c.key === key)?.header ?? key;

export const STANDING_LABELS: Record<string, 'formal' | 'probationary'> = { 正式: 'formal', 正式党员: 'formal', 预备: 'probationary', 预备党员: 'probationary' };
export const KIND_LABELS: Record<string, 'employed' | 'retired' | 'mobile' | 'seasonal'> = { 在职: 'employed', 退休: 'retired', 流动: 'mobile', 候鸟: 'seasonal' };
export const GENDER_LABELS: Record<string, 'M' | 'F'> = { 男: 'M', 女: 'F' };
export const label = (map: Record<string, string>, value: string) => Object.entries(map).find(([, v]) => v === value)?.[0] ?? value;

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** More rows than this in one file are refused whole (split the file). */
export const MAX_ROWS = 10_000;

/** A cell as text: dates as YYYY-MM-DD, rich text and formulas by their value, numbers without exponent. */
function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10); // a date cell is midnight UTC of its day
  if (typeof v === 'number') return Number.isInteger(v) ? BigInt(v).toString() : String(v);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
    if ('text' in v) return String(v.text);
    return '';
  }
  return String(v);
}

export interface SheetRow {
  /** The row number in Excel (the header is row 1). */
  row: number;
  values: Partial<Record<ColumnKey, string>>;
}

/** Reads the first sheet: the header row names the columns (in any order; unknown columns ignored). */
export async function readMemberSheet(buf: Buffer): Promise<SheetRow[]> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
  } catch {
    throw new AppError(400, 'import_invalid', 'not an xlsx workbook', 'file', { detail: 'not an .xlsx workbook' });
  }
  const ws = wb.worksheets[0];
  if (!ws) throw new AppError(400, 'import_invalid', 'no sheet', 'file', { detail: 'no worksheet' });
  const header = (ws.getRow(1).values as ExcelJS.CellValue[]).map((v) => cellText(v).replace(/[*＊\s]/g, ''));
  const colOf = new Map<ColumnKey, number>();
  for (const c of COLUMNS) {
    const i = header.indexOf(c.header);
    if (i > 0) colOf.set(c.key, i);
    else if (c.required) throw new AppError(400, 'import_invalid', 'missing column', c.key, { detail: `缺少列 missing column「${c.header}」` });
  }
  if (ws.actualRowCount - 1 > MAX_ROWS) throw new AppError(400, 'import_invalid', 'too many rows', 'file', { detail: `> ${MAX_ROWS} rows` });
  const out: SheetRow[] = [];
  ws.eachRow((r, rowNumber) => {
    if (rowNumber === 1) return;
    const values: Partial<Record<ColumnKey, string>> = {};
    let any = false;
    for (const [key, i] of colOf) {
      const text = cellText(r.getCell(i).value).trim();
      if (text) {
        values[key] = text;
        any = true;
      }
    }
    if (any) out.push({ row: rowNumber, values });
  });
  return out;
}

/** The downloadable template: the header row (required columns marked), drop-downs, and a sheet of instructions. */
export async function templateWorkbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('党员信息');
  ws.columns = COLUMNS.map((c) => ({ header: c.required ? `${c.header}*` : c.header, key: c.key, width: c.width }));
  ws.getRow(1).font = { bold: true };
  const lists: Partial<Record<ColumnKey, string>> = { gender: '"男,女"', standing: '"正式,预备"', kind: '"在职,退休,流动,候鸟"' };
  for (const [key, formula] of Object.entries(lists)) {
    const col = COLUMNS.findIndex((c) => c.key === key) + 1;
    const letter = ws.getColumn(col).letter;
    for (let r = 2; r <= 1001; r++) ws.getCell(`${letter}${r}`).dataValidation = { type: 'list', allowBlank: true, formulae: [formula] };
  }
  ws.getColumn(COLUMNS.findIndex((c) => c.key === 'idNumber') + 1).numFmt = '@';
  ws.getColumn(COLUMNS.findIndex((c) => c.key === 'phone') + 1).numFmt = '@';
  const help = wb.addWorksheet('填写说明');
  help.columns = [{ header: '列', width: 14 }, { header: '说明', width: 80 }];
  const notes: Record<ColumnKey, string> = {
    name: '必填',
    idNumber: '必填，18 位公民身份号码（校验位须正确）；同一文件内及系统中不得重复',
    phone: '选填，11 位手机号码',
    gender: '选填，男/女；不填则按身份证号码',
    birthDate: '选填，YYYY-MM-DD；须与身份证号码一致',
    standing: '必填，正式/预备',
    joinDate: '必填，YYYY-MM-DD，晚于出生日期，不晚于今天',
    org: '选填，党组织全称（须在您的管辖范围内）',
    unit: '选填，单位全称（须在您的管辖范围内）',
    kind: '必填，在职/退休/流动/候鸟',
    address: '选填',
    building: '选填，楼栋名称或编码（须在您的管辖范围内）；所属党组织、工作单位、居住楼栋至少填一项',
    skills: '选填，多项用顿号或逗号分隔',
  };
  for (const c of COLUMNS) help.addRow([c.header, notes[c.key]]);
  help.getRow(1).font = { bold: true };
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A workbook of rows already as text, in the template's columns plus extra ones. */
export async function rowsWorkbook(extra: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | null>>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('党员信息');
  ws.columns = [...COLUMNS.map((c) => ({ header: c.header, width: c.width })), ...extra.map((h) => ({ header: h, width: 16 }))];
  ws.getRow(1).font = { bold: true };
  for (const r of rows) ws.addRow(r.map((v) => v ?? ''));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
