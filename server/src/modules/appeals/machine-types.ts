/**
 * The data of an appeal's lifecycle (see machine.ts): the state of a case, the
 * commands that change it, who gives them, and the transition record each
 * command leaves.
 */
import type { Deadlines } from './deadlines.js';
import type { AppealStatus, HandlingMode, Satisfaction } from './states.js';

export interface AppealState {
  status: AppealStatus;
  /** Handling mode, set at dispatch; cleared when a return request is approved. */
  mode: HandlingMode | null;
  /** Approved return requests (退单). Never decreases. */
  bounceCount: number;
  /** Reopenings (重办) after an unsatisfied visit where the handler was at fault. Never decreases. */
  reopenCount: number;
  /**
   * Set once a return request has been rejected: from then on the case may not be
   * returned again (requestReturn → 'dispatch_locked'). It does not stop dispatching.
   */
  dispatchLocked: boolean;
  /** Pending return request (申请退单); only while dispatched or accepted. */
  returnRequest: { by: string; reason: string; previous: AppealStatus; at: number } | null;
  /** Pending extension request (延期申请); only while accepted, on site, in progress or suspended. */
  extensionRequest: { by: string; days: number; reason: string; at: number } | null;
  /** Joint cases: assisting departments. The lead cannot reply until all have (首接负责). */
  assists: Array<{ unit: string; replied: boolean }>;
  /** Grid cases: where and with which photo the grid worker checked in. */
  onSite: { lng: number; lat: number; photo: string } | null;
  /** Epoch ms since when the case is suspended (clock stopped); set iff status is 'suspended'. */
  suspendedAt: number | null;
  /** Result of the return visit; set iff status is 'visited' or 'closed'. */
  satisfaction: Satisfaction | null;
  deadlines: Deadlines;
  /** The case this one was merged into; set iff status is 'merged'. */
  mergedInto: string | null;
  /** Epoch ms of receipt (受理); the origin of every deadline. */
  receivedAt: number;
  /** Epoch ms of the latest dispatch (派单, or reopening); the return window counts from here. */
  dispatchedAt: number | null;
}

export type AppealCommand =
  | { type: 'answer'; reply: string }
  | { type: 'notAccept'; channel: string; reason: string }
  | { type: 'merge'; into: string }
  | { type: 'queue' }
  | { type: 'dispatch'; mode: HandlingMode; assists?: string[] }
  | { type: 'accept' }
  | { type: 'checkIn'; lng: number; lat: number; photo: string }
  | { type: 'start' }
  | { type: 'suspend'; reason: string }
  | { type: 'resume' }
  | { type: 'assistReply'; unit: string; reply: string }
  | { type: 'reply'; reply: string }
  | { type: 'approveReply' }
  | { type: 'sendBack'; reason: string }
  | { type: 'visit'; result: Satisfaction; handlerAtFault: boolean }
  | { type: 'close' }
  | { type: 'requestReturn'; reason: string }
  | { type: 'approveReturn' }
  | { type: 'rejectReturn'; reason: string }
  | { type: 'requestExtension'; days: number; reason: string }
  | { type: 'approveExtension' }
  | { type: 'refuseExtension'; reason: string };

export type CommandType = AppealCommand['type'];

export const ACTOR_KINDS = ['dispatcher', 'handler', 'grid_worker', 'assist', 'system', 'reviewer'] as const;
export type ActorKind = (typeof ACTOR_KINDS)[number];

export interface Actor {
  id: string;
  kind: ActorKind;
}

export interface Transition {
  from: AppealStatus;
  to: AppealStatus;
  command: CommandType;
  /** Actor id. */
  actor: string;
  actorKind: ActorKind;
  /** Epoch ms. */
  at: number;
  /** Free text of the command (reply, reason, …), if it has any. */
  note?: string;
  /** Attachments the command itself carries (the check-in photo). Uploads are added by the caller. */
  attachments?: string[];
}
