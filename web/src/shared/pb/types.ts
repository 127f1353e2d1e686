/**
 * 微实事 (micro-projects, participatory budgeting): the shapes the server answers and the bodies it takes
 * (see /api/pb/... in docs/api.md and docs/modules/pb-voting.md). Amounts are yuan numbers; dates of phases are
 * calendar days `YYYY-MM-DD`, times ISO strings. Shared by the H5 pages and the desktop admin (read-only there).
 */

import type { PbPhase, PbProjectStatus, PbVoteType } from '../../../../server/src/modules/pb/lists';

/** The phases, project statuses and ballot kinds: the server's own lists (a file of it that imports nothing). */
export { PB_PHASES, PB_PROJECT_STATUSES, PB_VOTE_TYPES, type PbPhase, type PbProjectStatus, type PbVoteType } from '../../../../server/src/modules/pb/lists';

export const PB_RULES = ['greedy', 'mes', 'mes-add1'] as const;
export type PbRule = (typeof PB_RULES)[number];

export const PB_VOTER_BASES = ['register', 'code', 'both'] as const;
export type PbVoterBasis = (typeof PB_VOTER_BASES)[number];

export const PB_PROPOSER_KINDS = ['resident', 'unit', 'social_org', 'community'] as const;
export type PbProposerKind = (typeof PB_PROPOSER_KINDS)[number];

/** The parts a caller plays in a cycle (the server's phase-permissions.ts). */
export const PB_PARTS = ['resident', 'organiser', 'overseer', 'unit', 'department'] as const;
export type PbPart = (typeof PB_PARTS)[number];

export interface PhaseDates {
  from?: string;
  to?: string;
}

export interface Cycle {
  id: string;
  regionId: string;
  title: string;
  budgetYuan: number;
  voteType: PbVoteType;
  /** Cumulative ballots: the points each voter spreads; null for approval ballots. */
  pointsPerVoter: number | null;
  rule: PbRule;
  voterBasis: PbVoterBasis;
  phase: PbPhase;
  phaseDates: Partial<Record<PbPhase, PhaseDates>>;
  countedAt: string | null;
  publishedAt: string | null;
  version: number;
}

/** A cycle in the list (GET /api/pb/cycles). */
export interface CycleListItem extends Cycle {
  regionName: string;
  projectCount: number;
}

export interface CycleListQuery {
  regionId?: string;
  phase?: PbPhase;
}

export interface PbPoint {
  lng: number;
  lat: number;
}

export interface ProjectSummary {
  id: string;
  /** Numbered within the cycle; ballots name projects by number. */
  number: number;
  title: string;
  status: PbProjectStatus;
  /** The official cost set at review (what the ballot counts), or null before. */
  costYuan: number | null;
  estimatedCostYuan: number;
  /** The first 140 characters of the description. */
  summary: string;
  proposerKind: PbProposerKind;
  proposerName: string | null;
  address: string | null;
  point: PbPoint | null;
  /** File ids (GET /api/files/:id). */
  photos: string[];
  departmentId: string | null;
  departmentName: string | null;
  mergedIntoNumber: number | null;
  rejectionReason: string | null;
  commentCount: number;
}

export interface CycleMe {
  onRoll: boolean;
  voted: boolean;
}

/** GET /api/pb/cycles/:id */
export interface CycleDetail {
  cycle: Cycle;
  parts: PbPart[];
  me: CycleMe;
  projects: ProjectSummary[];
}

export interface ProjectRating {
  count: number;
  average: number | null;
  mine: { stars: number; comment: string | null } | null;
}

export interface ProjectDetail extends ProjectSummary {
  description: string;
  cycleId: string;
  spentYuan: number;
  rating: ProjectRating;
}

export interface Milestone {
  id: string;
  title: string;
  note: string | null;
  spentYuan: number;
  photos: string[];
  done: boolean;
  createdAt: string;
}

/** GET /api/pb/projects/:id */
export interface ProjectView {
  project: ProjectDetail;
  milestones: Milestone[];
  cycle: Cycle;
}

export interface Amendment {
  title?: string;
  description?: string;
  estimatedCostYuan?: number;
}

export type AmendmentStatus = 'pending' | 'accepted' | 'rejected';

export interface Comment {
  id: string;
  projectId: string;
  /** Masked display name (null when unknown). */
  authorName: string | null;
  authorPart: PbPart | string;
  body: string;
  createdAt: string;
  amendment: Amendment | null;
  amendmentStatus: AmendmentStatus | null;
  answer: string | null;
  decidedAt: string | null;
}

export interface Meeting {
  id: string;
  title: string;
  heldAt: string;
  place: string | null;
  attendees: string | null;
  minutes: string;
  projects: Array<{ id: string; number: number; title: string }>;
}

export interface Objection {
  id: string;
  projectId: string | null;
  projectNumber: number | null;
  /** Masked display name (null when unknown). */
  authorName: string | null;
  body: string;
  answer: string | null;
  upheld: boolean | null;
  answeredAt: string | null;
  createdAt: string;
  mine: boolean;
}

/** Why a project was or was not selected; `project` is its number. Decimal strings are exact amounts in yuan. */
export type ExplanationReason = 'selected' | 'does_not_fit' | 'not_supported' | 'supporters_cannot_afford' | 'below_threshold' | (string & {});

export interface Explanation {
  /** The project's number (as a string in the stored counting result). */
  id?: string;
  project?: number;
  selected: boolean;
  reason: ExplanationReason;
  /** Supporters (or total points on cumulative ballots). */
  support: number;
  /** Selection round, 1-based, for selected projects. */
  round?: number;
  /** MES: price per unit of utility, as a decimal string. */
  rho?: string;
  /** MES: what the supporters paid in all and the most one of them paid, as decimal strings. */
  paid?: { total: string; max: string };
  /** The budget left when considered (greedy) or what its supporters had left (MES), as a decimal string. */
  remaining?: string;
}

/** The stored counting result of a cycle. */
export interface CycleResult {
  rule: string;
  /** Selected projects, in the order the rule chose them (numbers; strings in the stored result). */
  selected: Array<number | string>;
  /** Total cost of the selected projects, whole yuan. */
  cost: number;
  explanations: Explanation[];
  details?: Record<string, unknown>;
  /** Ballots counted. */
  ballots: number;
}

/** GET /api/pb/cycles/:id/result */
export interface CycleResultView {
  result: CycleResult;
  countedAt?: string;
  publishedAt: string | null;
}

export interface AccountabilityMilestone {
  title: string;
  note: string | null;
  spentYuan: number;
  photos: string[];
  at: string;
}

/** One approved project on the accountability board (GET /api/pb/cycles/:id/accountability). */
export interface AccountabilityItem {
  id: string;
  number: number;
  title: string;
  status: PbProjectStatus;
  costYuan: number | null;
  spentYuan: number;
  milestones: AccountabilityMilestone[];
  rating: { count: number; average: number } | null;
}

/** A project a department handles (GET /api/pb/department-projects). */
export interface DepartmentProject extends ProjectSummary {
  cycleId: string;
  cycleTitle: string;
  phase: PbPhase;
}

// ---- bodies ----

export interface ProposeBody {
  title: string;
  description: string;
  estimatedCostYuan: number;
  address?: string;
  point?: PbPoint;
  /** File ids from POST /api/files. */
  photos?: string[];
  /** Organisers entering a unit's or social organisation's proposal. */
  onBehalfOf?: { kind: 'unit' | 'social_org'; name: string };
}

export interface BallotBody {
  /** Project numbers. */
  projects: number[];
  /** Cumulative ballots: the points of each of `projects` (same length). */
  points?: number[];
}

export interface CommentBody {
  body: string;
  amendment?: Amendment;
}

export interface ObjectionBody {
  body: string;
  projectId?: string;
}

export interface RatingBody {
  stars: number;
  comment?: string;
}

export interface MilestoneBody {
  title: string;
  note?: string;
  spentYuan?: number;
  photos?: string[];
  done?: boolean;
}
