/**
 * 微实事 (micro-projects): the organisers' calls of the desktop admin app (secretaries, org_dept, department handlers),
 * beside the residents' ones in ./api.ts whose reads and query keys it shares. Types the shared file lacks are here.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, downloadFile } from '../api';
import { pbKeys } from './api';
import type {
  Comment,
  Cycle,
  Meeting,
  MilestoneBody,
  Objection,
  PbPart,
  PbPhase,
  PbRule,
  PbVoteType,
  PbVoterBasis,
  PhaseDates,
  ProjectSummary,
} from './types';

const enc = encodeURIComponent;

/** The title and method as a form holds them, to send: the title trimmed, the points only for a cumulative ballot. */
export function cycleMethodBody(v: CycleMethod): CycleMethod {
  return {
    title: v.title.trim(),
    budgetYuan: v.budgetYuan,
    voteType: v.voteType,
    ...(v.voteType === 'cumulative' && v.pointsPerVoter ? { pointsPerVoter: v.pointsPerVoter } : {}),
    rule: v.rule,
    voterBasis: v.voterBasis,
  };
}

// ---- types the shared file lacks ----

/** A cycle's title and how it votes and counts: what a new cycle and the settings both send. */
export interface CycleMethod {
  title: string;
  budgetYuan: number;
  voteType: PbVoteType;
  pointsPerVoter?: number;
  rule: PbRule;
  voterBasis: PbVoterBasis;
}

export interface NewCycleBody extends CycleMethod {
  regionId: string;
}

export interface CyclePatch extends Partial<CycleMethod> {
  phaseDates?: Partial<Record<PbPhase, PhaseDates>>;
  /** The version edited: a change in between answers 409 pb_cycle_changed. */
  version?: number;
}

export interface ReviewBody {
  decision: 'on_ballot' | 'rejected';
  /** Whole yuan: what the ballot counts. */
  officialCostYuan?: number;
  reason?: string;
  departmentId?: string;
}

export interface Voter {
  userId: string;
  /** Masked display name. */
  displayName: string;
  addedAt: string;
}

export interface VoterPage {
  total: number;
  voters: Voter[];
}

export type SheetStatus = 'first_entered' | 'mismatch' | 'accepted';

export interface PaperSheet {
  sheet: string;
  entries: number;
  status: SheetStatus;
}

export interface PaperBody {
  sheet: string;
  /** Project numbers marked on the sheet. */
  projects: number[];
  /** Cumulative ballots: points per project of `projects`. */
  points?: number[];
}

export interface MeetingBody {
  title: string;
  /** ISO time. */
  heldAt: string;
  place?: string;
  /** How many attended (the server takes a number, not names). */
  attendees?: number;
  minutes: string;
  projectIds?: string[];
}

export interface ObjectionAnswerBody {
  answer: string;
  upheld: boolean;
}

export interface DecideBody {
  accept: boolean;
  answer?: string;
}

// ---- what each part may do in each phase (mirrors server/src/modules/pb/phase-permissions.ts; the server decides) ----

export type PbAdminAction =
  | 'edit_cycle'
  | 'advance'
  | 'propose'
  | 'review'
  | 'manage_voters'
  | 'enter_paper'
  | 'count'
  | 'publish'
  | 'answer_objections'
  | 'approve'
  | 'track';

const ORG: readonly PbPart[] = ['organiser'];

const PHASE_ACTIONS: Record<PbPhase, Partial<Record<PbAdminAction, readonly PbPart[]>>> = {
  draft: { edit_cycle: ORG, advance: ORG, manage_voters: ORG },
  proposals: { propose: ORG, advance: ORG, edit_cycle: ORG, manage_voters: ORG },
  review: { review: ORG, advance: ORG, manage_voters: ORG },
  deliberation: { review: ORG, advance: ORG, manage_voters: ORG },
  voting: { enter_paper: ORG, manage_voters: ORG, advance: ORG },
  publicity: { enter_paper: ORG, count: ORG, publish: ORG, answer_objections: ORG, advance: ORG },
  approval: { approve: ['organiser', 'overseer'], answer_objections: ORG, advance: ORG },
  implementation: { track: ['organiser', 'department'], advance: ORG },
  evaluation: { track: ['organiser', 'department'], advance: ORG },
  closed: {},
};

/** Whether one of `parts` may take `action` in `phase` (only to offer the button; the server checks again). */
export function pbMay(parts: readonly PbPart[], action: PbAdminAction, phase: PbPhase): boolean {
  const allowed = PHASE_ACTIONS[phase][action];
  return !!allowed && parts.some((p) => allowed.includes(p));
}

// ---- plain calls ----

export const pbAdminApi = {
  createCycle: async (body: NewCycleBody) => (await api.post<{ cycle: Cycle }>('/api/pb/cycles', body)).cycle,
  patchCycle: async (id: string, body: CyclePatch) => (await api.patch<{ cycle: Cycle }>(`/api/pb/cycles/${enc(id)}`, body)).cycle,
  advance: async (id: string, from: PbPhase) => (await api.post<{ cycle: Cycle }>(`/api/pb/cycles/${enc(id)}/advance`, { from })).cycle,
  review: (projectId: string, body: ReviewBody) => api.post<{ project: Pick<ProjectSummary, 'id' | 'number' | 'status' | 'costYuan'> }>(`/api/pb/projects/${enc(projectId)}/review`, body),
  merge: (projectId: string, intoId: string) => api.post<{ project: ProjectSummary }>(`/api/pb/projects/${enc(projectId)}/merge`, { intoId }),
  decide: (commentId: string, body: DecideBody) => api.post<{ comment: Comment }>(`/api/pb/comments/${enc(commentId)}/decide`, body),
  createMeeting: (cycleId: string, body: MeetingBody) => api.post<{ meeting: Meeting }>(`/api/pb/cycles/${enc(cycleId)}/meetings`, body),
  voters: (cycleId: string, page: number, pageSize: number) => api.get<VoterPage>(`/api/pb/cycles/${enc(cycleId)}/voters`, { page, pageSize }),
  addAllResidents: (cycleId: string) => api.post<{ added: number }>(`/api/pb/cycles/${enc(cycleId)}/voters`, { allResidents: true }),
  issueCodes: async (cycleId: string, count: number) => (await api.post<{ codes: string[] }>(`/api/pb/cycles/${enc(cycleId)}/codes`, { count })).codes,
  paperSheets: async (cycleId: string) => (await api.get<{ items: PaperSheet[] }>(`/api/pb/cycles/${enc(cycleId)}/paper`)).items,
  enterPaper: (cycleId: string, body: PaperBody) => api.post<{ sheet: string; status: SheetStatus }>(`/api/pb/cycles/${enc(cycleId)}/paper`, body),
  count: (cycleId: string) => api.post<{ result: unknown }>(`/api/pb/cycles/${enc(cycleId)}/count`),
  publish: (cycleId: string) => api.post<{ publishedAt: string }>(`/api/pb/cycles/${enc(cycleId)}/publish`),
  answerObjection: (objectionId: string, body: ObjectionAnswerBody) => api.post<{ objection: Objection }>(`/api/pb/objections/${enc(objectionId)}/answer`, body),
  approve: (cycleId: string) => api.post<{ approved: number[] }>(`/api/pb/cycles/${enc(cycleId)}/approve`),
  addMilestone: (projectId: string, body: MilestoneBody) => api.post<{ status: string }>(`/api/pb/projects/${enc(projectId)}/milestones`, body),
  /** Saves the published cycle as a pabulib `.pb` file. */
  exportPb: (cycleId: string) => downloadFile(`/api/pb/cycles/${enc(cycleId)}/export.pb`, {}, `pb-${cycleId}.pb`),
};

export const pbAdminKeys = {
  voters: (cycleId: string, page: number, pageSize: number) => ['pb', 'cycle', cycleId, 'voters', page, pageSize] as const,
  paper: (cycleId: string) => ['pb', 'cycle', cycleId, 'paper'] as const,
};

// ---- queries ----

export function usePbVoters(cycleId: string, page: number, pageSize: number, enabled = true) {
  return useQuery({
    queryKey: pbAdminKeys.voters(cycleId, page, pageSize),
    queryFn: () => pbAdminApi.voters(cycleId, page, pageSize),
    enabled,
    placeholderData: (prev) => prev,
  });
}

export function usePbPaperSheets(cycleId: string, enabled = true) {
  return useQuery({ queryKey: pbAdminKeys.paper(cycleId), queryFn: () => pbAdminApi.paperSheets(cycleId), enabled, staleTime: 2_000 });
}

// ---- commands: each refreshes the cycle and what hangs off it ----

/**
 * A mutation that refreshes everything of the cycle (its phase, projects, result, board) afterwards — after a refusal
 * too, since a 409 often means someone else moved the cycle meanwhile.
 */
export function useCycleCommand<TVars, TOut>(cycleId: string, fn: (vars: TVars) => Promise<TOut>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: pbKeys.cycle(cycleId) });
      void qc.invalidateQueries({ queryKey: ['pb', 'cycles'] });
      void qc.invalidateQueries({ queryKey: pbKeys.departmentProjects });
      void qc.invalidateQueries({ queryKey: ['pb', 'project'] });
    },
  });
}
