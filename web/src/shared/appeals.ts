/**
 * 接诉即办 (appeals): the shapes the server answers, the queries both apps use,
 * and small helpers. The lifecycle itself lives on the server (its state
 * machine decides); the clients only offer the commands it lists as allowed.
 */
import { useQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { api, ApiError, uploadFile, type UploadedFile } from './api';
import type { LngLat } from './types';

export const APPEAL_STATUSES = [
  'received',
  'answered',
  'not_accepted',
  'merged',
  'pending_dispatch',
  'dispatched',
  'accepted',
  'on_site',
  'in_progress',
  'suspended',
  'replied',
  'reviewed',
  'visited',
  'closed',
] as const;
export type AppealStatus = (typeof APPEAL_STATUSES)[number];

export const TERMINAL_STATUSES: readonly AppealStatus[] = ['answered', 'not_accepted', 'merged', 'closed'];

export const HANDLING_MODES = ['grid', 'joint', 'department'] as const;
export type HandlingMode = (typeof HANDLING_MODES)[number];

export const SATISFACTIONS = ['satisfied', 'basic', 'unsatisfied'] as const;
export type Satisfaction = (typeof SATISFACTIONS)[number];

export const URGENCIES = ['normal', 'urgent', 'emergency'] as const;
export type Urgency = (typeof URGENCIES)[number];

export const SUPERVISION_LEVELS = ['urge', 'supervise', 'listed'] as const;
export type SupervisionLevel = (typeof SUPERVISION_LEVELS)[number];

export type DeadlineStatus = 'ok' | 'warning' | 'overdue';

export const APPEAL_CHANNELS = ['hotline', 'web', 'h5', 'patrol', 'building_leader', 'open311'] as const;
export type AppealChannel = (typeof APPEAL_CHANNELS)[number];

export const COMMAND_TYPES = [
  'answer',
  'notAccept',
  'merge',
  'queue',
  'dispatch',
  'accept',
  'checkIn',
  'start',
  'suspend',
  'resume',
  'assistReply',
  'reply',
  'approveReply',
  'sendBack',
  'visit',
  'close',
  'requestReturn',
  'approveReturn',
  'rejectReturn',
  'requestExtension',
  'approveExtension',
  'refuseExtension',
] as const;
export type CommandType = (typeof COMMAND_TYPES)[number];

/** Parts a user plays on a case, as the server's state machine names them. */
export const ACTOR_KINDS = ['dispatcher', 'handler', 'grid_worker', 'assist', 'system', 'reviewer'] as const;
export type ActorKind = (typeof ACTOR_KINDS)[number];

/** A case as lists show it. */
export interface Appeal {
  id: string;
  number: string;
  channel: AppealChannel;
  categoryId: string;
  title: string;
  address: string | null;
  point: LngLat | null;
  gridId: string | null;
  urgency: Urgency;
  anonymous: boolean;
  status: AppealStatus;
  mode: HandlingMode | null;
  leadDepartmentId: string | null;
  assigneeUserId: string | null;
  supervision: SupervisionLevel | null;
  bounceCount: number;
  reopenCount: number;
  satisfaction: Satisfaction | null;
  receivedAt: string;
  acceptBy: string | null;
  onSiteBy: string | null;
  dueBy: string | null;
  warnAt: string | null;
  closedAt: string | null;
  deadlineStatus: DeadlineStatus | null;
  pendingRequest: 'return' | 'extension' | null;
  /** Display names (lists and details; not in the intake answer). */
  categoryName?: string | null;
  categoryPath?: string[];
  gridName?: string | null;
  communityName?: string | null;
  streetName?: string | null;
  assigneeName?: string | null;
  leadDepartmentName?: string | null;
  assistDepartments?: Array<{ id: string; name: string | null; replied: boolean }>;
}

/** What routing decides for a case waiting for dispatch (dispatchers only). */
export interface SuggestedRoute {
  mode: HandlingMode;
  leadDepartmentId: string | null;
  leadDepartmentName: string | null;
  assistDepartments: Array<{ id: string; name: string | null }>;
  assigneeUserId: string | null;
  assigneeName: string | null;
  decidedBy: 'rule' | 'category';
  rule: { id: string; priority: number; categoryId: string; categoryName: string | null; regionId: string; regionName: string | null } | null;
}

export interface AppealTransition {
  seq: number;
  at: string;
  actorId: string | null;
  /** The part played (dispatcher, reviewer …), `system`, `supervisor`, `reporter`, or for the first record the channel. */
  actorRole: string;
  /** The actor's display name, for staff parts only (residents who report are never named). */
  actorName?: string | null;
  /** A command, `receive` for the first record, or `supervise` / `anonymity` / `rate` (entries beside the lifecycle). */
  command: string;
  from: AppealStatus;
  to: AppealStatus;
  note: string | null;
  attachments: string[];
  /** What a history shows of a step's data: a supervision level, the anonymity, a rating's or a visit's result. */
  data?: { level?: SupervisionLevel | null; anonymous?: boolean | null; result?: Satisfaction | null } | null;
}

/** A resident's own rating (评价) of the current round. */
export interface MyRating {
  result: Satisfaction;
  at: string;
}

export interface AppealCaller {
  id: string;
  channel: AppealChannel;
  receivedAt: string;
  merged: boolean;
  name: string | null;
  phone: string | null;
  visitResult: Satisfaction | null;
}

export interface AppealAssignment {
  departmentId: string;
  departmentName: string | null;
  role: 'lead' | 'assist';
  round: number;
  reply: string | null;
  repliedAt: string | null;
}

export interface AppealDetail extends Appeal {
  description: string;
  leadDepartmentName: string | null;
  suggestedRoute?: SuggestedRoute | null;
  state: {
    assists: Array<{ unit: string; replied: boolean }>;
    returnRequest: { by: string; reason: string; previous: AppealStatus; at: number } | null;
    extensionRequest: { by: string; days: number; reason: string; at: number } | null;
    onSite: { lng: number; lat: number; photo: string } | null;
    suspendedAt: number | null;
  };
  transitions: AppealTransition[];
  callers: AppealCaller[];
  assignments: AppealAssignment[];
  allowedCommands: CommandType[];
  myParts: ActorKind[];
  /** The viewer is a caller (resident, member) and the case waits for their rating. */
  canRate?: boolean;
  myRating?: MyRating | null;
}

export interface AppealCategory {
  id: string;
  parentId: string | null;
  code: string;
  name: string;
  level: number;
  handling: HandlingMode;
  acceptHours: number;
  onSiteMinutes: number | null;
  workingDays: number;
}

export interface Department {
  id: string;
  code: string;
  name: string;
  regionId: string;
  active: boolean;
  members: Array<{ userId: string; displayName: string }>;
}

export interface DuplicateSuggestion {
  id: string;
  number: string;
  title: string;
  status: AppealStatus;
  score: number;
  distanceMeters: number | null;
  textScore: number;
}

export interface IntakeBody {
  categoryId: string;
  title: string;
  description: string;
  address?: string | null;
  point?: { lng: number; lat: number; crs?: 'wgs84' | 'gcj02' | 'bd09' } | null;
  urgency?: Urgency;
  anonymous?: boolean;
  contact?: { name?: string | null; phone?: string | null } | null;
  channel?: 'hotline' | 'web';
  attachments?: string[];
}

export interface IntakeResult {
  appeal: Appeal;
  duplicates: DuplicateSuggestion[];
  replayed: boolean;
}

export type AppealListQuery = {
  /** One status, or several (sent comma-separated). */
  status?: AppealStatus | string;
  open?: 'true' | 'false';
  categoryId?: string;
  supervised?: 'true';
  overdue?: 'true';
  mine?: 'reported' | 'assigned' | 'department';
  q?: string;
  page?: number;
  pageSize?: number;
};

/* ------------------------------------------------------------------ queries */

export const appealKeys = {
  all: ['appeals'] as const,
  list: (q: AppealListQuery) => ['appeals', 'list', q] as const,
  detail: (id: string) => ['appeals', 'detail', id] as const,
  categories: ['appeals', 'categories'] as const,
  departments: ['departments'] as const,
};

export function fetchAppeals(q: AppealListQuery) {
  return api.get<{ items: Appeal[]; total: number }>('/api/appeals', q);
}

export function useAppeals(q: AppealListQuery, enabled = true) {
  return useQuery({ queryKey: appealKeys.list(q), queryFn: () => fetchAppeals(q), enabled, placeholderData: (prev) => prev });
}

export function useAppeal(id: string | undefined) {
  return useQuery({
    queryKey: appealKeys.detail(id ?? ''),
    queryFn: async () => (await api.get<{ appeal: AppealDetail }>(`/api/appeals/${encodeURIComponent(id ?? '')}`)).appeal,
    enabled: !!id,
    staleTime: 5_000,
  });
}

export function useCategories() {
  return useQuery({
    queryKey: appealKeys.categories,
    queryFn: async () => (await api.get<{ items: AppealCategory[] }>('/api/appeals/categories')).items,
    staleTime: 10 * 60_000,
  });
}

export function useDepartments(enabled = true) {
  return useQuery({
    queryKey: appealKeys.departments,
    queryFn: async () => (await api.get<{ items: Department[] }>('/api/departments')).items,
    staleTime: 10 * 60_000,
    enabled,
  });
}

/** Creates a case. The key makes a retry (or a double click) return the first case instead of a second one. */
export function createAppeal(body: IntakeBody, idempotencyKey: string) {
  return api.post<IntakeResult>('/api/appeals', body, { headers: { 'Idempotency-Key': idempotencyKey } });
}

export type CommandBody = { type: CommandType } & Record<string, unknown>;

export function giveCommand(id: string, body: CommandBody) {
  return api.post<{ appeal: Appeal }>(`/api/appeals/${encodeURIComponent(id)}/commands`, body);
}

export function setAnonymity(id: string, anonymous: boolean) {
  return api.post<{ appeal: Appeal }>(`/api/appeals/${encodeURIComponent(id)}/anonymity`, { anonymous });
}

/** A caller rates the handling of their case (评价); the system may make the return visit at once. */
export function rateAppeal(id: string, result: Satisfaction, comment?: string) {
  return api.post<{ appeal: Appeal }>(`/api/appeals/${encodeURIComponent(id)}/rating`, { result, ...(comment ? { comment } : {}) });
}

export function superviseAppeal(id: string, level: SupervisionLevel, reason: string) {
  return api.post<{ appeal: Appeal }>(`/api/appeals/${encodeURIComponent(id)}/supervision`, { level, reason });
}

/** A fresh key per submission (crypto.randomUUID where the page is a secure context). */
export function newIdempotencyKey(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') {
    return crypto.randomUUID();
  }
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/* ------------------------------------------------------------------ categories */

export interface CategoryNode extends AppealCategory {
  children: CategoryNode[];
}

/** The flat list as a tree (ordered by code, as the server sends it). */
export function categoryTree(items: readonly AppealCategory[]): CategoryNode[] {
  const byId = new Map<string, CategoryNode>();
  for (const c of items) byId.set(c.id, { ...c, children: [] });
  const roots: CategoryNode[] = [];
  for (const n of byId.values()) {
    const parent = n.parentId ? byId.get(n.parentId) : undefined;
    if (parent) parent.children.push(n);
    else roots.push(n);
  }
  return roots;
}

/** The path of names from the top group to the category, e.g. ['生态环境', '餐饮油烟']. */
export function categoryPath(items: readonly AppealCategory[] | undefined, id: string | null | undefined): AppealCategory[] {
  if (!items || !id) return [];
  const byId = new Map(items.map((c) => [c.id, c]));
  const out: AppealCategory[] = [];
  let cur = byId.get(id);
  while (cur && out.length < 8) {
    out.unshift(cur);
    cur = cur.parentId ? byId.get(cur.parentId) : undefined;
  }
  return out;
}

export function categoryLabel(items: readonly AppealCategory[] | undefined, id: string | null | undefined): string {
  const path = categoryPath(items, id);
  return path.length ? path.map((c) => c.name).join(' / ') : '—';
}

/* ------------------------------------------------------------------ labels */

export function isAppealStatus(v: string): v is AppealStatus {
  return (APPEAL_STATUSES as readonly string[]).includes(v);
}

export function isCommandType(v: string): v is CommandType {
  return (COMMAND_TYPES as readonly string[]).includes(v);
}

export function statusLabel(t: TFunction, s: string): string {
  return isAppealStatus(s) ? t(`appeals.status.${s}`) : s;
}

/** The command's name; `receive` is the first record of every case. */
export function commandLabel(t: TFunction, c: string): string {
  if (c === 'receive' || c === 'supervise' || c === 'anonymity' || c === 'rate') return t(`appeals.command.${c}`);
  return isCommandType(c) ? t(`appeals.command.${c}`) : c;
}

/** The return visit the system made from the callers' ratings, if it did (the latest visit, when it is the system's). */
export function systemVisit(transitions: readonly AppealTransition[]): AppealTransition | null {
  const visit = [...transitions].reverse().find((x) => x.command === 'visit');
  return visit && visit.actorRole === 'system' ? visit : null;
}

/** Who gave a step: a part on the case, the system, or (for the first record) the channel. */
export function actorLabel(t: TFunction, role: string): string {
  if ((ACTOR_KINDS as readonly string[]).includes(role)) return t(`appeals.actor.${role as ActorKind}`);
  if (role === 'supervisor' || role === 'reporter' || role === 'caller') return t(`appeals.actor.${role}`);
  if ((APPEAL_CHANNELS as readonly string[]).includes(role)) return t(`appeals.channel.${role as AppealChannel}`);
  return role;
}

export const STATUS_COLORS: Record<AppealStatus, string> = {
  received: 'default',
  answered: 'cyan',
  not_accepted: 'default',
  merged: 'default',
  pending_dispatch: 'orange',
  dispatched: 'gold',
  accepted: 'blue',
  on_site: 'geekblue',
  in_progress: 'processing',
  suspended: 'purple',
  replied: 'cyan',
  reviewed: 'lime',
  visited: 'green',
  closed: 'success',
};

export const DEADLINE_COLORS: Record<DeadlineStatus, string> = {
  ok: '#2F9E5B',
  warning: '#D9A21B',
  overdue: '#C8161D',
};

/** Grey for finished cases (no deadline). */
export const NO_DEADLINE_COLOR = '#8c8c8c';

/* ------------------------------------------------------------------ photos */

const UPLOADABLE = new Set(['image/jpeg', 'image/png', 'image/webp']);
const MAX_EDGE = 2048;
const KEEP_BELOW = 3 * 1024 * 1024;

/**
 * Uploads a photo. Photos the server does not take (e.g. HEIC) or that are very
 * large are re-encoded as JPEG, at most 2048 px on the long edge, when the
 * browser can decode them.
 */
export async function uploadPhoto(file: File): Promise<UploadedFile> {
  if (UPLOADABLE.has(file.type) && file.size <= KEEP_BELOW) {
    return uploadFile(file, file.name);
  }
  let blob: Blob | null = null;
  try {
    const bitmap = await createImageBitmap(file);
    const scale = Math.min(1, MAX_EDGE / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(bitmap.width * scale));
    canvas.height = Math.max(1, Math.round(bitmap.height * scale));
    canvas.getContext('2d')?.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    bitmap.close();
    blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.85));
  } catch {
    blob = null;
  }
  if (!blob) {
    // Let the server say what is wrong with it.
    return uploadFile(file, file.name);
  }
  const name = file.name.replace(/\.[^.]+$/, '') + '.jpg';
  return uploadFile(blob, name, 'image/jpeg');
}

/* ------------------------------------------------------------------ geolocation */

export type GeoFailure = 'unsupported' | 'denied' | 'unavailable' | 'timeout';

/** The browser's position (WGS-84), or why there is none. */
export function currentPosition(timeout = 10_000): Promise<{ ok: true; point: LngLat; accuracy: number } | { ok: false; reason: GeoFailure }> {
  return new Promise((resolve) => {
    if (typeof navigator === 'undefined' || !navigator.geolocation) {
      resolve({ ok: false, reason: 'unsupported' });
      return;
    }
    navigator.geolocation.getCurrentPosition(
      (p) => resolve({ ok: true, point: [p.coords.longitude, p.coords.latitude], accuracy: p.coords.accuracy }),
      (e) =>
        resolve({
          ok: false,
          reason: e.code === e.PERMISSION_DENIED ? 'denied' : e.code === e.TIMEOUT ? 'timeout' : 'unavailable',
        }),
      { enableHighAccuracy: true, timeout, maximumAge: 30_000 },
    );
  });
}

/* ------------------------------------------------------------------ errors */

/** Server fields named after the state machine's arguments, mapped to the request's own field names. */
const FIELD_ALIASES: Record<string, string> = {
  assists: 'assistDepartmentIds',
  unit: 'reply',
};

/** The form field a command error is about, if any. */
export function errorField(e: unknown): string | undefined {
  if (!(e instanceof ApiError) || !e.field) return undefined;
  const head = e.field.split(/[.[\]]/)[0] ?? e.field;
  return FIELD_ALIASES[head] ?? head;
}

/* ------------------------------------------------------------------ metrics */

export const RATE_KEYS = [
  'responseRate',
  'signOnTimeRate',
  'onTimeCompletionRate',
  'completionRate',
  'resolutionRate',
  'satisfactionRate',
  'returnRate',
  'reopenRate',
  'extensionRate',
  'repeatRate',
] as const;
export type RateKey = (typeof RATE_KEYS)[number];

/** Rates where less is better (shown in a warm colour). */
export const LOWER_IS_BETTER: readonly RateKey[] = ['returnRate', 'reopenRate', 'extensionRate', 'repeatRate'];

export const STAT_GROUPINGS = ['district', 'street', 'community', 'grid', 'department', 'city'] as const;
export type StatGrouping = (typeof STAT_GROUPINGS)[number];

export interface Rate {
  value: number | null;
  numerator: number;
  denominator: number;
}

export interface StatCounts {
  received: number;
  valid: number;
  closed: number;
  open: number;
  overdue: number;
  supervised: number;
  [key: string]: number;
}

export interface StatRow {
  key: string | null;
  id: string | null;
  name: string | null;
  code: string | null;
  counts: StatCounts;
  rates: Record<RateKey, Rate>;
  avgHandlingHours: number | null;
  score: number | null;
}

export interface StatsAnswer {
  groupBy: StatGrouping;
  from: string;
  to: string;
  rows: StatRow[];
  total: Omit<StatRow, 'key' | 'id' | 'name' | 'code'> | null;
}

export interface RankingEntry {
  rank: number;
  key: string;
  id: string | null;
  name: string | null;
  code: string | null;
  score: number;
  sample: number;
  rates: Record<RateKey, Rate>;
  avgHandlingHours: number | null;
}

export interface RankingsAnswer {
  groupBy: StatGrouping;
  minSample: number;
  top: number;
  units: number;
  eligible: number;
  red: RankingEntry[];
  black: RankingEntry[];
}

export const SUPERVISION_REASONS = ['supervised', 'overdue', 'bounced', 'unsatisfied'] as const;
export type SupervisionReason = (typeof SUPERVISION_REASONS)[number];

export interface SupervisionItem {
  id: string;
  number: string;
  title: string;
  status: AppealStatus;
  gridId: string | null;
  gridName: string | null;
  leadDepartmentId: string | null;
  departmentName: string | null;
  supervision: SupervisionLevel | null;
  overdueAt: string | null;
  bounceCount: number;
  satisfaction: Satisfaction | null;
  receivedAt: string;
  dueBy: string | null;
  reasons: SupervisionReason[];
}

export interface BounceStats {
  from: string;
  to: string;
  departments: Array<{ id: string | null; name: string | null; requested: number; approved: number; rejected: number }>;
  pairs: Array<{ from: { id: string | null; name: string | null }; to: { id: string | null; name: string | null }; count: number }>;
}

/**
 * A statistics route that is not there (yet): 404, or — since `/api/appeals/stats` then matches
 * `/api/appeals/:id` — a 400 about the `id` parameter. The page then says so instead of failing.
 */
export function isMissingRoute(e: unknown): boolean {
  return e instanceof ApiError && (e.status === 404 || e.status === 501 || (e.status === 400 && e.field === 'id'));
}
