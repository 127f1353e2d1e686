/**
 * 微心愿 (micro-wishes): types, calls and query hooks of the H5 pages (post, my wishes, the wall, a wish and its
 * commands) and of the community's queue in the admin app. See docs/modules/wishes.md.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api';

export const WISH_STATUSES = ['submitted', 'verified', 'rejected', 'published', 'claimed', 'fulfilled', 'confirmed', 'expired', 'cancelled'] as const;
export type WishStatus = (typeof WISH_STATUSES)[number];
export const WISH_CATEGORIES = ['study', 'daily', 'companionship', 'medical', 'repair', 'other'] as const;
export type WishCategory = (typeof WISH_CATEGORIES)[number];
export type WishCommand = 'verify' | 'reject' | 'edit_public' | 'publish' | 'claim' | 'unclaim' | 'fulfil' | 'confirm' | 'cancel' | 'expire';

export interface WishClaimer {
  kind: 'member' | 'unit';
  name: string | null;
  claimedAt: string | null;
}

export interface WishProof {
  note: string | null;
  photos: string[];
  fulfilledAt: string | null;
}

/** A wish in the view the server gives the reader (`full`, `claimer` or `public`); fields of other views are absent. */
export interface Wish {
  id: string;
  view?: 'full' | 'claimer' | 'public';
  status: WishStatus;
  category: WishCategory;
  title: string | null;
  story: string | null;
  estimatedValueYuan: number;
  deadline: string;
  community?: { id: string; name: string | null };
  photos: string[];
  protected?: boolean;
  publishedAt?: string | null;
  postedAs?: 'self' | 'community';
  minor?: boolean;
  hardship?: boolean;
  publicTitle?: string | null;
  publicStory?: string | null;
  handoverNote?: string | null;
  beneficiary?: { name: string | null; phone: string | null; address: string | null; hasIdNumber: boolean } | null;
  delivery?: { name: string | null; phone: string | null; address: string | null } | null;
  rejectReason?: string | null;
  cancelReason?: string | null;
  claimer?: WishClaimer | null;
  proof?: WishProof | null;
  pointsAwarded?: number | null;
  createdAt?: string;
  commands?: WishCommand[];
}

export interface PostWishBody {
  regionId: string;
  title: string;
  story: string;
  category: WishCategory;
  estimatedValueYuan: number;
  deadline: string;
  photos?: string[];
  minor?: boolean;
  hardship?: boolean;
}

export interface PublicTextBody {
  publicTitle?: string;
  publicStory?: string;
  handoverNote?: string;
}

const enc = encodeURIComponent;

export const wishKeys = {
  all: ['wishes'] as const,
  mine: (as: 'poster' | 'claimer') => ['wishes', 'mine', as] as const,
  wall: ['wishes', 'wall'] as const,
  queue: (status: string) => ['wishes', 'queue', status] as const,
  wish: (id: string) => ['wishes', 'wish', id] as const,
};

type One = Promise<{ wish: Wish }>;
const cmd = (id: string, c: string, body: unknown = {}): One => api.post<{ wish: Wish }>(`/api/wishes/${enc(id)}/${c}`, body);

export const wishApi = {
  post: (body: PostWishBody) => api.post<{ wish: Wish }>('/api/wishes', body),
  mine: async (as: 'poster' | 'claimer') => (await api.get<{ items: Wish[] }>('/api/wishes/mine', { as, pageSize: 100 })).items,
  wall: async () => (await api.get<{ items: Wish[] }>('/api/wishes/wall', { pageSize: 100 })).items,
  queue: async (status: string) => (await api.get<{ items: Wish[] }>('/api/wishes/queue', { status, pageSize: 100 })).items,
  wish: async (id: string) => (await api.get<{ wish: Wish }>(`/api/wishes/${enc(id)}`)).wish,
  verify: (id: string, body: PublicTextBody) => cmd(id, 'verify', body),
  reject: (id: string, reason: string) => cmd(id, 'reject', { reason }),
  publicText: (id: string, body: PublicTextBody) => api.patch<{ wish: Wish }>(`/api/wishes/${enc(id)}/public-text`, body),
  publish: (id: string) => cmd(id, 'publish'),
  claim: (id: string, as?: 'member' | 'unit') => cmd(id, 'claim', as ? { as } : {}),
  unclaim: (id: string) => cmd(id, 'unclaim'),
  fulfil: (id: string, note: string, photos: string[]) => cmd(id, 'fulfil', { note, photos }),
  confirm: (id: string) => cmd(id, 'confirm'),
  cancel: (id: string, reason?: string) => cmd(id, 'cancel', reason ? { reason } : {}),
};

export function useMyWishes(as: 'poster' | 'claimer', enabled = true) {
  return useQuery({ queryKey: wishKeys.mine(as), queryFn: () => wishApi.mine(as), enabled });
}

export function useWishWall(enabled = true) {
  return useQuery({ queryKey: wishKeys.wall, queryFn: wishApi.wall, enabled });
}

export function useWishQueue(status: string) {
  return useQuery({ queryKey: wishKeys.queue(status), queryFn: () => wishApi.queue(status) });
}

export function useWish(id: string | undefined) {
  return useQuery({ queryKey: wishKeys.wish(id ?? ''), queryFn: () => wishApi.wish(id ?? ''), enabled: !!id });
}

export function usePostWish() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: PostWishBody) => wishApi.post(body),
    onSuccess: () => void qc.invalidateQueries({ queryKey: wishKeys.all }),
  });
}

/** Any command on a wish (a function of the call): refreshes every wish query when settled. */
export function useWishCommand<A>(fn: (a: A) => One) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSettled: () => void qc.invalidateQueries({ queryKey: wishKeys.all }),
  });
}
