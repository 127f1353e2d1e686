/**
 * 活动打卡、志愿服务 (activities): types, calls and query hooks of the H5 pages (participants) and of the admin pages
 * (organisers). Shapes: docs/api.md (`/api/activities…`).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api';

export type ActivityStatus = 'draft' | 'published' | 'started' | 'ended' | 'reviewed' | 'cancelled';
export type OrganiserKind = 'community' | 'branch' | 'team' | 'unit';
export type Audience = 'members' | 'residents' | 'everyone';
export type SignupStatus = 'signed_up' | 'waiting' | 'cancelled';
export type ReviewOutcome = 'pending' | 'approved' | 'absent';
export type ScanPurpose = 'in' | 'out';

export const ACTIVITY_STATUSES: readonly ActivityStatus[] = ['draft', 'published', 'started', 'ended', 'reviewed', 'cancelled'];

export interface Activity {
  id: string;
  regionId: string;
  regionPath: string;
  organiserKind: OrganiserKind;
  organiserId: string | null;
  title: string;
  description: string | null;
  venue: string;
  venuePoint: { lng: number; lat: number } | null;
  geofenceM: number | null;
  startsAt: string;
  endsAt: string;
  capacity: number;
  serviceItemCode: string | null;
  audience: Audience;
  partyRule: string;
  creditRule: string;
  status: ActivityStatus;
  cancelReason: string | null;
  publishedAt: string | null;
  reviewedAt: string | null;
  createdAt: string;
  signedUp: number;
  waiting: number;
}

export interface Signup {
  id: string;
  activityId: string;
  userId: string;
  ledger: 'party' | 'credit';
  status: SignupStatus;
  queueNo: number;
  signedAt: string;
  checkedInAt: string | null;
  checkedOutAt: string | null;
  serviceMinutes: number | null;
  review: ReviewOutcome;
  approvedMinutes: number | null;
  points: number | null;
  waitingPosition?: number | null;
}

export interface ActivityDetail {
  activity: Activity;
  organiser: boolean;
  mySignup?: Signup | null;
}

export interface QrToken {
  token: string;
  purpose: ScanPurpose;
  window: number;
  refreshInMs: number;
  validUntil: string;
}

export interface CreateActivityBody {
  regionId: string;
  organiserKind: OrganiserKind;
  organiserId?: string;
  title: string;
  description?: string;
  venue: string;
  venuePoint?: { lng: number; lat: number };
  geofenceM?: number;
  startsAt: string;
  endsAt: string;
  capacity: number;
  serviceItemCode?: string;
  audience?: Audience;
}

export interface ReviewBody {
  participants: { userId: string; outcome: 'approved' | 'absent'; minutes?: number }[];
}

export type AttendanceItem = Signup & { displayName: string };

const enc = encodeURIComponent;

export const activityKeys = {
  all: ['activities'] as const,
  list: (q: { status?: string } = {}) => ['activities', 'list', q] as const,
  one: (id: string) => ['activities', 'one', id] as const,
  attendance: (id: string) => ['activities', 'attendance', id] as const,
  qr: (id: string, purpose: ScanPurpose) => ['activities', 'qr', id, purpose] as const,
};

export const activitiesApi = {
  list: async (q: { status?: string } = {}) => (await api.get<{ items: Activity[] }>('/api/activities', { ...q })).items,
  one: (id: string) => api.get<ActivityDetail>(`/api/activities/${enc(id)}`),
  signUp: (id: string) => api.post<{ signup: Signup }>(`/api/activities/${enc(id)}/signup`, {}),
  cancelSignup: (id: string) => api.del<{ signup: Signup; promotedUserId: string | null }>(`/api/activities/${enc(id)}/signup`),
  scan: (body: { token: string; position?: { lng: number; lat: number } }) => api.post<{ purpose: ScanPurpose; signup: Signup }>('/api/activities/scan', body),
  create: (body: CreateActivityBody) => api.post<{ activity: Activity }>('/api/activities', body),
  publish: (id: string) => api.post<{ activity: Activity }>(`/api/activities/${enc(id)}/publish`, {}),
  end: (id: string) => api.post<{ activity: Activity }>(`/api/activities/${enc(id)}/end`, {}),
  qr: (id: string, purpose: ScanPurpose) => api.get<QrToken>(`/api/activities/${enc(id)}/qr`, { purpose }),
  attendance: (id: string) => api.get<{ activity: Activity; items: AttendanceItem[] }>(`/api/activities/${enc(id)}/attendance`),
  review: (id: string, body: ReviewBody) => api.post<{ activity: Activity }>(`/api/activities/${enc(id)}/review`, body),
};

export function useActivities(q: { status?: string } = {}) {
  return useQuery({ queryKey: activityKeys.list(q), queryFn: () => activitiesApi.list(q) });
}

export function useActivity(id: string | undefined) {
  return useQuery({ queryKey: activityKeys.one(id ?? ''), queryFn: () => activitiesApi.one(id ?? ''), enabled: !!id });
}

export function useAttendance(id: string | undefined, refetchInterval?: number) {
  return useQuery({ queryKey: activityKeys.attendance(id ?? ''), queryFn: () => activitiesApi.attendance(id ?? ''), enabled: !!id, refetchInterval });
}

function useRefreshing<A, R>(fn: (a: A) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSettled: () => void qc.invalidateQueries({ queryKey: activityKeys.all }) });
}

export const useSignUp = () => useRefreshing((id: string) => activitiesApi.signUp(id));
export const useCancelSignup = () => useRefreshing((id: string) => activitiesApi.cancelSignup(id));
export const useCreateActivity = () => useRefreshing((b: CreateActivityBody) => activitiesApi.create(b));
export const usePublishActivity = () => useRefreshing((id: string) => activitiesApi.publish(id));
export const useEndActivity = () => useRefreshing((id: string) => activitiesApi.end(id));
export const useReviewActivity = () => useRefreshing((a: { id: string; body: ReviewBody }) => activitiesApi.review(a.id, a.body));

export function useScan() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: activitiesApi.scan,
    onSuccess: () => void qc.invalidateQueries({ queryKey: activityKeys.all }),
  });
}

/** The check-in URL a QR code carries: `<origin>/h5/activities/scan?t=<token>`. */
export function scanUrl(token: string, origin = window.location.origin): string {
  return `${origin}/h5/activities/scan?t=${encodeURIComponent(token)}`;
}

/** The token out of what a person pasted: the whole URL or the bare token. */
export function tokenFromInput(text: string): string {
  const s = text.trim();
  const m = /[?&]t=([^&#\s]+)/.exec(s);
  if (m?.[1]) {
    try {
      return decodeURIComponent(m[1]);
    } catch {
      return m[1];
    }
  }
  return s;
}

/** Places left (0 when full). */
export function placesLeft(a: Pick<Activity, 'capacity' | 'signedUp'>): number {
  return Math.max(0, a.capacity - a.signedUp);
}
