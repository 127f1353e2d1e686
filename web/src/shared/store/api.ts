/**
 * 积分超市 (points store): types, calls and query hooks of residents (catalogue, redeem, my redemptions) and of
 * merchants (honour a code, their redemptions). See docs/modules/store.md.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api';

export const STORE_ITEM_KINDS = ['goods', 'meal_discount', 'service'] as const;
export type StoreItemKind = (typeof STORE_ITEM_KINDS)[number];
export type RedemptionStatus = 'issued' | 'honoured' | 'cancelled';

export interface CatalogueItem {
  id: string;
  merchantId: string;
  merchantName: string;
  kind: StoreItemKind;
  title: string;
  description: string | null;
  photoFileId: string | null;
  price: number;
  /** null = unlimited (services). */
  stock: number | null;
  perResidentLimit: number | null;
  soldOut: boolean;
  updatedAt: string;
}

export interface CatalogueMerchant {
  id: string;
  name: string;
  address: string;
  openingHours: string | null;
  phoneMasked: string | null;
}

export interface Catalogue {
  balance: number;
  items: CatalogueItem[];
  merchants: CatalogueMerchant[];
}

export interface Redemption {
  id: string;
  itemId: string;
  itemTitle: string;
  merchantId: string;
  price: number;
  status: RedemptionStatus;
  /** Only to its holder, and only while issued. */
  code?: string | null;
  holderName?: string | null;
  expiresAt: string;
  honouredAt: string | null;
  cancelledAt: string | null;
  cancelledBy: 'resident' | 'merchant' | 'expiry' | null;
  createdAt: string;
}

export interface RedeemAnswer {
  redemption: Redemption;
  balance: number | null;
  replayed: boolean;
}

const enc = encodeURIComponent;

export const storeKeys = {
  all: ['store'] as const,
  catalogue: ['store', 'catalogue'] as const,
  mine: ['store', 'mine'] as const,
  merchantRedemptions: ['store', 'merchant', 'redemptions'] as const,
};

/** A fresh idempotency key (crypto.randomUUID needs a secure context; fall back to random bytes). */
export function newIdempotencyKey(): string {
  const c = globalThis.crypto;
  if (typeof c.randomUUID === 'function') return c.randomUUID();
  const bytes = c.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export const storeApi = {
  catalogue: () => api.get<Catalogue>('/api/store/catalogue'),
  redeem: (itemId: string, idempotencyKey: string) =>
    api.post<RedeemAnswer>(`/api/store/items/${enc(itemId)}/redeem`, {}, { headers: { 'Idempotency-Key': idempotencyKey } }),
  mine: async () => (await api.get<{ items: Redemption[] }>('/api/store/redemptions/mine', { limit: 100 })).items,
  cancel: (id: string) => api.post<{ redemption: Redemption; replayed: boolean }>(`/api/store/redemptions/${enc(id)}/cancel`),
  honour: (code: string) => api.post<{ redemption: Redemption }>('/api/store/honour', { code }),
  merchantRedemptions: async () => (await api.get<{ items: Redemption[] }>('/api/store/merchant/redemptions', { limit: 100 })).items,
};

export function useCatalogue() {
  return useQuery({ queryKey: storeKeys.catalogue, queryFn: storeApi.catalogue });
}

export function useMyRedemptions() {
  return useQuery({ queryKey: storeKeys.mine, queryFn: storeApi.mine });
}

export function useMerchantRedemptions() {
  return useQuery({ queryKey: storeKeys.merchantRedemptions, queryFn: storeApi.merchantRedemptions });
}

export function useRedeem(itemId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (key: string) => storeApi.redeem(itemId, key),
    onSettled: () => void qc.invalidateQueries({ queryKey: storeKeys.all }),
  });
}

export function useCancelRedemption() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => storeApi.cancel(id),
    onSettled: () => void qc.invalidateQueries({ queryKey: storeKeys.all }),
  });
}

export function useHonour() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (code: string) => storeApi.honour(code),
    onSettled: () => void qc.invalidateQueries({ queryKey: storeKeys.merchantRedemptions }),
  });
}
