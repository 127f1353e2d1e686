import type { PbPhase } from './schema.js';

/**
 * What each part may do in each phase of a micro-project cycle — the one table the routes consult (and a test
 * states independently), as the appeals state machine is for cases. Parts, not roles: a route works out the
 * caller's part in the cycle's community (a resident of it, the community's secretary, a unit or social
 * organisation of it, the department responsible for a project, a reviewer above it).
 */
export const PB_PARTS = ['resident', 'organiser', 'unit', 'department', 'overseer'] as const;
export type PbPart = (typeof PB_PARTS)[number];

export const PB_ACTIONS = [
  'edit_cycle', // budget, rule, dates, voter basis
  'advance', // move the cycle to its next phase
  'propose', // file a proposal
  'review', // official cost, feasibility, department, put on the ballot or reject, merge
  'comment', // deliberation comments and amendments
  'meet', // record a deliberation meeting (议事会) with its minutes
  'manage_voters', // voter roll and paper codes
  'vote', // cast a ballot (online or with a code)
  'enter_paper', // enter paper ballots (each sheet twice, by two officials)
  'count', // run the count
  'publish', // publish results with their explanations
  'object', // raise an objection during publicity
  'answer_objection', // answer an objection (uphold it or not)
  'approve', // approve the selected projects
  'track', // milestones, spending, photos
  'rate', // residents rate a finished project
  'read', // see the cycle, its proposals and (after publication) results
] as const;
export type PbAction = (typeof PB_ACTIONS)[number];

type Table = Record<PbPhase, Partial<Record<PbAction, readonly PbPart[]>>>;

const ORG: readonly PbPart[] = ['organiser'];
const EVERYONE: readonly PbPart[] = PB_PARTS;

export const PHASE_PERMISSIONS: Table = {
  draft: { edit_cycle: ORG, advance: ORG, manage_voters: ORG, read: ['organiser', 'overseer'] },
  proposals: { propose: ['resident', 'unit', 'organiser'], comment: ['resident', 'unit', 'organiser'], advance: ORG, edit_cycle: ORG, manage_voters: ORG, read: EVERYONE },
  review: { review: ['organiser', 'department'], comment: ['organiser', 'department'], meet: ORG, advance: ORG, manage_voters: ORG, read: EVERYONE },
  deliberation: { comment: ['resident', 'unit', 'organiser', 'department'], review: ORG, meet: ORG, advance: ORG, manage_voters: ORG, read: EVERYONE },
  voting: { vote: ['resident'], enter_paper: ORG, manage_voters: ORG, advance: ORG, read: EVERYONE },
  publicity: { enter_paper: ORG, count: ORG, publish: ORG, object: ['resident', 'unit'], answer_objection: ORG, advance: ORG, read: EVERYONE },
  approval: { approve: ['organiser', 'overseer'], answer_objection: ORG, advance: ORG, read: EVERYONE },
  implementation: { track: ['organiser', 'department'], advance: ORG, read: EVERYONE },
  evaluation: { rate: ['resident'], track: ['organiser', 'department'], advance: ORG, read: EVERYONE },
  closed: { read: EVERYONE },
};

export function mayDo(part: PbPart, action: PbAction, phase: PbPhase): boolean {
  return PHASE_PERMISSIONS[phase][action]?.includes(part) ?? false;
}

/** The phase after this one, or null at the end. Phases only move forward. */
export function nextPhase(phase: PbPhase, order: readonly PbPhase[]): PbPhase | null {
  const i = order.indexOf(phase);
  return i >= 0 && i + 1 < order.length ? order[i + 1]! : null;
}
