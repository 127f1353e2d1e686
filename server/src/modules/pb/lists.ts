/**
 * Micro-projects (微实事): the phases of a cycle, the statuses of a project and the kinds of ballot.
 *
 * This file imports nothing: the web app imports it too (`web/src/shared/pb/types.ts`), so that the server and the
 * clients share one list. Keep it free of imports. schema.ts re-exports it.
 */
export const PB_PHASES = ['draft', 'proposals', 'review', 'deliberation', 'voting', 'publicity', 'approval', 'implementation', 'evaluation', 'closed'] as const;
export type PbPhase = (typeof PB_PHASES)[number];
/** A proposal's way: reviewed, then on the ballot, then selected by the count and carried out. */
export const PB_PROJECT_STATUSES = ['proposed', 'rejected', 'merged', 'on_ballot', 'selected', 'not_selected', 'approved', 'in_progress', 'done', 'evaluated'] as const;
export type PbProjectStatus = (typeof PB_PROJECT_STATUSES)[number];
export const PB_VOTE_TYPES = ['approval', 'cumulative'] as const;
export type PbVoteType = (typeof PB_VOTE_TYPES)[number];
