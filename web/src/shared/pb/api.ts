/**
 * 微实事 (micro-projects): the queries and commands of residents (the H5 pages), with their query keys. The admin
 * app imports these read-only and keeps organisers' calls in ./admin-api.ts.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError } from '../api';
import type {
  AccountabilityItem,
  BallotBody,
  Comment,
  CommentBody,
  CycleDetail,
  CycleListItem,
  CycleListQuery,
  CycleResult,
  CycleResultView,
  DepartmentProject,
  Explanation,
  Meeting,
  Objection,
  ObjectionBody,
  ProjectSummary,
  ProjectView,
  ProposeBody,
  RatingBody,
} from './types';

const enc = encodeURIComponent;

export const pbKeys = {
  all: ['pb'] as const,
  cycles: (q: CycleListQuery = {}) => ['pb', 'cycles', q] as const,
  cycle: (id: string) => ['pb', 'cycle', id] as const,
  result: (id: string) => ['pb', 'cycle', id, 'result'] as const,
  accountability: (id: string) => ['pb', 'cycle', id, 'accountability'] as const,
  objections: (id: string) => ['pb', 'cycle', id, 'objections'] as const,
  meetings: (id: string) => ['pb', 'cycle', id, 'meetings'] as const,
  project: (id: string) => ['pb', 'project', id] as const,
  comments: (projectId: string) => ['pb', 'project', projectId, 'comments'] as const,
  departmentProjects: ['pb', 'department-projects'] as const,
};

// ---- plain calls ----

export const pbApi = {
  cycles: async (q: CycleListQuery = {}) => (await api.get<{ cycles: CycleListItem[] }>('/api/pb/cycles', { ...q })).cycles,
  cycle: (id: string) => api.get<CycleDetail>(`/api/pb/cycles/${enc(id)}`),
  result: (id: string) => api.get<CycleResultView>(`/api/pb/cycles/${enc(id)}/result`),
  accountability: async (id: string) => (await api.get<{ items: AccountabilityItem[] }>(`/api/pb/cycles/${enc(id)}/accountability`)).items,
  objections: async (id: string) => (await api.get<{ objections: Objection[] }>(`/api/pb/cycles/${enc(id)}/objections`)).objections,
  meetings: async (id: string) => (await api.get<{ meetings: Meeting[] }>(`/api/pb/cycles/${enc(id)}/meetings`)).meetings,
  project: (id: string) => api.get<ProjectView>(`/api/pb/projects/${enc(id)}`),
  comments: async (projectId: string) => (await api.get<{ comments: Comment[] }>(`/api/pb/projects/${enc(projectId)}/comments`)).comments,
  departmentProjects: async () => (await api.get<{ projects: DepartmentProject[] }>('/api/pb/department-projects')).projects,

  propose: (cycleId: string, body: ProposeBody) => api.post<{ project: ProjectSummary }>(`/api/pb/cycles/${enc(cycleId)}/projects`, body),
  /** Casts the secret ballot (204); final once cast (409 pb_already_voted). */
  vote: (cycleId: string, body: BallotBody) => api.post<void>(`/api/pb/cycles/${enc(cycleId)}/ballots`, body),
  comment: (projectId: string, body: CommentBody) => api.post<{ comment: Comment }>(`/api/pb/projects/${enc(projectId)}/comments`, body),
  object: (cycleId: string, body: ObjectionBody) => api.post<{ objection: Objection }>(`/api/pb/cycles/${enc(cycleId)}/objections`, body),
  rate: (projectId: string, body: RatingBody) => api.post<{ ok: true }>(`/api/pb/projects/${enc(projectId)}/rating`, body),
};

// ---- queries ----

export function usePbCycles(q: CycleListQuery = {}) {
  return useQuery({ queryKey: pbKeys.cycles(q), queryFn: () => pbApi.cycles(q) });
}

export function usePbCycle(id: string | undefined) {
  return useQuery({ queryKey: pbKeys.cycle(id ?? ''), queryFn: () => pbApi.cycle(id ?? ''), enabled: !!id, staleTime: 5_000 });
}

/** The result: everyone once published (organisers once counted); 409 pb_not_counted before. */
export function usePbResult(id: string | undefined, enabled = true) {
  return useQuery({ queryKey: pbKeys.result(id ?? ''), queryFn: () => pbApi.result(id ?? ''), enabled: !!id && enabled });
}

export function usePbAccountability(id: string | undefined, enabled = true) {
  return useQuery({ queryKey: pbKeys.accountability(id ?? ''), queryFn: () => pbApi.accountability(id ?? ''), enabled: !!id && enabled });
}

export function usePbObjections(id: string | undefined, enabled = true) {
  return useQuery({ queryKey: pbKeys.objections(id ?? ''), queryFn: () => pbApi.objections(id ?? ''), enabled: !!id && enabled });
}

export function usePbMeetings(id: string | undefined, enabled = true) {
  return useQuery({ queryKey: pbKeys.meetings(id ?? ''), queryFn: () => pbApi.meetings(id ?? ''), enabled: !!id && enabled });
}

export function usePbProject(id: string | undefined) {
  return useQuery({ queryKey: pbKeys.project(id ?? ''), queryFn: () => pbApi.project(id ?? ''), enabled: !!id, staleTime: 5_000 });
}

export function usePbComments(projectId: string | undefined) {
  return useQuery({ queryKey: pbKeys.comments(projectId ?? ''), queryFn: () => pbApi.comments(projectId ?? ''), enabled: !!projectId });
}

export function usePbDepartmentProjects(enabled = true) {
  return useQuery({ queryKey: pbKeys.departmentProjects, queryFn: pbApi.departmentProjects, enabled });
}

// ---- commands (each refreshes what it changes) ----

export function usePropose(cycleId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ProposeBody) => pbApi.propose(cycleId, body),
    onSuccess: () => void qc.invalidateQueries({ queryKey: pbKeys.cycle(cycleId) }),
  });
}

export function useVote(cycleId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: BallotBody) => pbApi.vote(cycleId, body),
    // Also after a 409 (already voted): the cycle then says so.
    onSettled: () => void qc.invalidateQueries({ queryKey: pbKeys.cycle(cycleId) }),
  });
}

export function useAddComment(projectId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CommentBody) => pbApi.comment(projectId, body),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: pbKeys.comments(projectId) });
      void qc.invalidateQueries({ queryKey: pbKeys.project(projectId) });
    },
  });
}

export function useObject(cycleId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ObjectionBody) => pbApi.object(cycleId, body),
    onSuccess: () => void qc.invalidateQueries({ queryKey: pbKeys.objections(cycleId) }),
  });
}

export function useRateProject(projectId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: RatingBody) => pbApi.rate(projectId, body),
    onSuccess: () => void qc.invalidateQueries({ queryKey: pbKeys.project(projectId) }),
  });
}

// ---- helpers ----

/** The project number an explanation is about (`project`, or the counting library's string `id`). */
export function explanationNumber(e: Explanation): number {
  return e.project ?? Number(e.id);
}

/** The selected project numbers of a result (stored as strings by the counting library). */
export function selectedNumbers(r: CycleResult): number[] {
  return r.selected.map(Number);
}

/** The cost the ballot counts: the official cost, or the estimate before review. */
export function ballotCost(p: Pick<ProjectSummary, 'costYuan' | 'estimatedCostYuan'>): number {
  return p.costYuan ?? p.estimatedCostYuan;
}

/** The request field a 400 is about (`photos.0` → `photos`), to show the message under that field. */
export function pbErrorField(e: unknown): string | undefined {
  if (!(e instanceof ApiError) || !e.field) return undefined;
  return e.field.split(/[.[\]]/)[0] || e.field;
}
