import { z } from 'zod';
import type { CryptoProvider } from '../../platform/pii/index.js';
import { maskName, maskPhone, validateIdNumber, validatePhone } from '../../platform/pii/index.js';
import { badRequest } from '../../platform/errors.js';

/** Who a wish is for, as the poster describes them. Stored only encrypted (one token per wish). */
export const BeneficiaryInput = z.object({
  name: z.string().trim().min(1).max(30),
  phone: z.string().trim().max(20).optional(),
  address: z.string().trim().min(1).max(200).optional(),
  /** For the community's own check (e.g. a minor's 身份证号); never shown to anyone, only `hasIdNumber`. */
  idNumber: z.string().trim().max(20).optional(),
});
export type BeneficiaryInput = z.infer<typeof BeneficiaryInput>;

export interface Beneficiary {
  name: string;
  phone: string | null;
  address: string | null;
  idNumber: string | null;
}

const context = (wishId: string) => `wishes.beneficiary:${wishId}`;

/** Validates the phone and ID number (400 naming `beneficiary.phone` / `beneficiary.idNumber`) and normalises them. */
export function checkBeneficiary(b: BeneficiaryInput): Beneficiary {
  let phone: string | null = null;
  if (b.phone) {
    const v = validatePhone(b.phone);
    if (!v.ok) throw badRequest('validation', 'beneficiary.phone', { detail: v.reason });
    phone = v.normalized;
  }
  let idNumber: string | null = null;
  if (b.idNumber) {
    const v = validateIdNumber(b.idNumber);
    if (!v.ok) throw badRequest('validation', 'beneficiary.idNumber', { detail: v.reason });
    idNumber = v.normalized;
  }
  return { name: b.name, phone, address: b.address ?? null, idNumber };
}

/** The token stored in `wishes.beneficiary_enc`: bound to the wish, so it does not decrypt on another row. */
export const sealBeneficiary = (crypto: CryptoProvider, wishId: string, b: Beneficiary): string => crypto.encrypt(JSON.stringify(b), context(wishId));

export const openBeneficiary = (crypto: CryptoProvider, wishId: string, token: string): Beneficiary => JSON.parse(crypto.decrypt(token, context(wishId))) as Beneficiary;

/**
 * What an answer may carry about the beneficiary: the name and the address in full (for those who may see the full
 * wish), the phone masked, and whether an ID number is on file — never the number itself.
 */
export const presentBeneficiary = (b: Beneficiary) => ({
  name: b.name,
  phone: b.phone ? maskPhone(b.phone) : null,
  address: b.address,
  hasIdNumber: b.idNumber !== null,
});

/** What the claimer of an ordinary wish (neither a minor's nor a hardship family's) learns to deliver it. */
export const presentForDelivery = (b: Beneficiary) => ({
  name: maskName(b.name),
  phone: b.phone ? maskPhone(b.phone) : null,
  address: b.address,
});
