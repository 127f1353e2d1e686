/** 接诉即办 (appeals): the shapes the server answers and the queries it takes. */
import type { LngLat } from '../types';
import type {
  ActorKind,
  AppealChannel,
  AppealStatus,
  CommandType,
  DeadlineStatus,
  HandlingMode,
  RateKey,
  Satisfaction,
  StatGrouping,
  SupervisionLevel,
  SupervisionReason,
  Urgency,
} from './lists';

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

export type CommandBody = { type: CommandType } & Record<string, unknown>;

export interface CategoryNode extends AppealCategory {
  children: CategoryNode[];
}

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
