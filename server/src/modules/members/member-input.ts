import type { CryptoProvider } from '../../platform/pii/crypto-provider.js';
import { validateIdNumber, validatePhone } from '../../platform/pii/id-number.js';
import type { MemberKind, MemberStanding } from './schema.js';

/** Encryption contexts of the member register's personal data (bound into each token). */
export const ID_CONTEXT = 'party_members.id_number';
export const PHONE_CONTEXT = 'party_members.phone';

/** A member's own fields as the API and the import take them, before places are resolved. */
export interface MemberValues {
  name: string;
  idNumber: string;
  phone?: string | null;
  gender?: 'M' | 'F' | null;
  birthDate?: string | null;
  standing: MemberStanding;
  joinDate: string;
  kind: MemberKind;
  address?: string | null;
  skills?: string[];
}

/** A field-level problem: the API turns the first into a 400, the import reports them all per row. */
export interface FieldProblem {
  field: string;
  code: string;
  extra?: Record<string, unknown>;
}

const todayShanghai = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const isRealDate = (d: string) => /^\d{4}-\d{2}-\d{2}$/.test(d) && !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d);

/**
 * Checks the fields (ID number by GB 11643, mobile number, dates) and derives gender and birth date from the ID
 * number when absent. Returns the problems, or the normalised values.
 */
export function checkMemberValues(v: MemberValues): { problems: FieldProblem[]; idNumber?: string; phone?: string | null; gender?: 'M' | 'F'; birthDate?: string } {
  const problems: FieldProblem[] = [];
  const id = validateIdNumber(v.idNumber);
  let gender: 'M' | 'F' | undefined;
  let birthDate: string | undefined;
  if (!id.ok) problems.push({ field: 'idNumber', code: 'id_number_invalid', extra: { reason: id.reason } });
  else {
    gender = v.gender ?? id.gender;
    birthDate = v.birthDate ?? id.birthDate;
    if (v.gender && v.gender !== id.gender) problems.push({ field: 'gender', code: 'member_gender_mismatch' });
    if (v.birthDate && v.birthDate !== id.birthDate) problems.push({ field: 'birthDate', code: 'member_birth_date_mismatch' });
  }
  let phone: string | null = null;
  if (v.phone) {
    const p = validatePhone(v.phone);
    if (!p.ok) problems.push({ field: 'phone', code: 'phone_invalid' });
    else phone = p.normalized;
  }
  if (v.birthDate && !isRealDate(v.birthDate)) problems.push({ field: 'birthDate', code: 'date_invalid' });
  if (!isRealDate(v.joinDate)) problems.push({ field: 'joinDate', code: 'date_invalid' });
  else if (v.joinDate > todayShanghai() || (birthDate && v.joinDate <= birthDate)) problems.push({ field: 'joinDate', code: 'member_join_date_invalid' });
  return problems.length ? { problems } : { problems, idNumber: id.ok ? id.normalized : undefined, phone, gender, birthDate };
}

/** Encrypted columns and blind indexes of an ID number and a phone number already validated. */
export function piiColumns(crypto: CryptoProvider, idNumber: string, phone: string | null) {
  return {
    idNumberEnc: crypto.encrypt(idNumber, ID_CONTEXT),
    idNumberBidx: crypto.blindIndex(idNumber, 'id_number'),
    phoneEnc: phone ? crypto.encrypt(phone, PHONE_CONTEXT) : null,
    phoneBidx: phone ? crypto.blindIndex(phone, 'phone') : null,
  };
}

export const isDate = isRealDate;
