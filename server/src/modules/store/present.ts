import type { CryptoProvider } from '../../platform/pii/crypto-provider.js';
import { maskName, maskPhone } from '../../platform/pii/mask.js';
import { codeContext } from './codes.js';
import type { ItemRow, MerchantRow, RedemptionRow } from './access.js';

/** A merchant profile; the contact phone masked (138****1234). */
export function presentMerchant(crypto: CryptoProvider, m: MerchantRow) {
  return {
    id: m.id,
    userId: m.userId,
    regionId: m.regionId,
    regionPath: m.regionPath,
    name: m.name,
    address: m.address,
    openingHours: m.openingHours,
    phoneMasked: m.phoneEnc ? maskPhone(crypto.decrypt(m.phoneEnc, 'store_merchants.phone')) : null,
    status: m.status,
    statusReason: m.statusReason,
    decidedAt: m.decidedAt?.toISOString() ?? null,
    createdAt: m.createdAt.toISOString(),
  };
}

export function presentItem(i: ItemRow, offeredRegionIds: readonly string[]) {
  return {
    id: i.id,
    merchantId: i.merchantId,
    kind: i.kind,
    title: i.title,
    description: i.description,
    photoFileId: i.photoFileId,
    price: i.price,
    stock: i.stock,
    perResidentLimit: i.perResidentLimit,
    active: i.active,
    offeredRegionIds,
    updatedAt: i.updatedAt.toISOString(),
  };
}

/**
 * A redemption. `code` only for its holder (the resident) and only while it is `issued`: an honoured or cancelled
 * code opens nothing, and the merchant never needs to read it back.
 */
export function presentRedemption(crypto: CryptoProvider, r: RedemptionRow, opts: { withCode: boolean; itemTitle?: string; holderName?: string }) {
  return {
    id: r.id,
    itemId: r.itemId,
    itemTitle: opts.itemTitle ?? null,
    merchantId: r.merchantId,
    price: r.price,
    status: r.status,
    code: opts.withCode && r.status === 'issued' ? crypto.decrypt(r.codeEnc, codeContext(r.id)) : null,
    holderName: opts.holderName !== undefined ? maskName(opts.holderName) : undefined,
    expiresAt: r.expiresAt.toISOString(),
    honouredAt: r.honouredAt?.toISOString() ?? null,
    cancelledAt: r.cancelledAt?.toISOString() ?? null,
    cancelledBy: r.cancelledBy,
    createdAt: r.createdAt.toISOString(),
  };
}
