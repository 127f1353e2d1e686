import type { WishStatus } from './lists.js';

/**
 * The lifecycle of a micro-wish (微心愿), in one table that the routes and the expiry job consult and nothing else
 * decides (machine.test.ts states it a second time, independently). Pure: no database, no clock.
 *
 *   submitted ─verify→ verified ─publish→ published ─claim→ claimed ─fulfil→ fulfilled ─confirm→ confirmed
 *       └──────reject──────┴→ rejected         ↑            │unclaim
 *                                              └────────────┘
 *   submitted | verified | published ─expire (job, after the deadline)→ expired
 *   submitted | verified | published ─cancel (poster or community)→ cancelled; claimed ─cancel (community)→ cancelled
 *
 * Parts, not roles: the route works out the caller's part in the wish (access.ts).
 */
export const WISH_PARTS = [
  'poster', // who posted it (a resident for themself, or a community official on a family's behalf)
  'beneficiary', // the resident the wish is for, when they have an account
  'community', // the secretaries and administrators above the wish's region
  'member', // a Party member living in the wish's community
  'unit', // a unit (共建单位) of the wish's community, through its administrator
  'claimer', // whoever claimed it
  'system', // the expiry job
] as const;
export type WishPart = (typeof WISH_PARTS)[number];

export const WISH_COMMANDS = ['verify', 'reject', 'edit_public', 'publish', 'claim', 'unclaim', 'fulfil', 'confirm', 'cancel', 'expire'] as const;
export type WishCommand = (typeof WISH_COMMANDS)[number];

export interface WishRule {
  command: WishCommand;
  from: readonly WishStatus[];
  /** The state after the command; 'same' for edits that change no state. */
  to: WishStatus | 'same';
  by: readonly WishPart[];
}

const OPEN: readonly WishStatus[] = ['submitted', 'verified', 'published'];

export const WISH_RULES: readonly WishRule[] = [
  { command: 'verify', from: ['submitted'], to: 'verified', by: ['community'] },
  { command: 'reject', from: ['submitted', 'verified'], to: 'rejected', by: ['community'] },
  { command: 'edit_public', from: OPEN, to: 'same', by: ['community'] },
  { command: 'publish', from: ['verified'], to: 'published', by: ['community'] },
  { command: 'claim', from: ['published'], to: 'claimed', by: ['member', 'unit'] },
  { command: 'unclaim', from: ['claimed'], to: 'published', by: ['claimer', 'community'] },
  { command: 'fulfil', from: ['claimed'], to: 'fulfilled', by: ['claimer'] },
  { command: 'confirm', from: ['fulfilled'], to: 'confirmed', by: ['beneficiary', 'community'] },
  { command: 'cancel', from: OPEN, to: 'cancelled', by: ['poster', 'community'] },
  { command: 'cancel', from: ['claimed'], to: 'cancelled', by: ['community'] },
  { command: 'expire', from: OPEN, to: 'expired', by: ['system'] },
];

/** The states from which a wish no longer moves. */
export const FINAL_STATUSES: readonly WishStatus[] = ['rejected', 'confirmed', 'expired', 'cancelled'];

/** The rule that lets one of `parts` give `command` in `status`, or null. */
export function ruleFor(parts: Iterable<WishPart>, command: WishCommand, status: WishStatus): WishRule | null {
  const mine = [...parts];
  return WISH_RULES.find((r) => r.command === command && r.from.includes(status) && r.by.some((p) => mine.includes(p))) ?? null;
}

export function mayApply(part: WishPart, command: WishCommand, status: WishStatus): boolean {
  return ruleFor([part], command, status) !== null;
}

/** The state after `command` in `status` (the same state for edits), or null when no rule allows it. */
export function nextStatus(parts: Iterable<WishPart>, command: WishCommand, status: WishStatus): WishStatus | null {
  const r = ruleFor(parts, command, status);
  return r ? (r.to === 'same' ? status : r.to) : null;
}

/** The commands the parts may give in this state, in table order (for UIs). */
export function allowedCommands(parts: Iterable<WishPart>, status: WishStatus): WishCommand[] {
  const mine = [...parts];
  return WISH_COMMANDS.filter((c) => ruleFor(mine, c, status) !== null);
}
