import { asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client.js';
import type { CryptoProvider } from '../../platform/pii/crypto-provider.js';
import { maskName, maskPhone } from '../../platform/pii/mask.js';
import type { AppealRow } from './access.js';
import { deadlineStatus } from './deadlines.js';
import { categoryPathOf, lookUpNames, regionOnPath, type NameBook } from './display-names.js';
import { storedState } from './persist.js';
import { appealAssignments, appealCallers, appealTransitions } from './schema.js';
import type { SuggestedRoute } from './suggested-route.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const FINISHED = ['answered', 'not_accepted', 'merged', 'closed'];
/** Before acceptance the accept-by deadline applies; before the check-in (grid cases) the on-site one. */
const NOT_ACCEPTED = ['received', 'pending_dispatch', 'dispatched'];

/**
 * Red / yellow / green for a case still open. The accept-by and on-site-by deadlines count while they apply
 * (first pass only: a reopened case was accepted and visited once already), the completion deadline always.
 */
export function deadlineStatusOf(a: AppealRow, now = Date.now()) {
  if (FINISHED.includes(a.status)) return null;
  const s = storedState(a);
  const firstPass = s.reopenCount === 0;
  const acceptPending = firstPass && NOT_ACCEPTED.includes(s.status);
  const onSitePending =
    firstPass &&
    s.deadlines.onSiteBy !== null &&
    s.onSite === null &&
    (s.mode === 'grid' ? ['dispatched', 'accepted'].includes(s.status) : s.mode === null && ['received', 'pending_dispatch'].includes(s.status));
  return deadlineStatus(s.deadlines, now, { suspendedAt: s.suspendedAt, acceptPending, onSitePending });
}

/** A case as lists show it, ids only. The caller's identity never appears here; the reporter only when not anonymous. */
export function presentAppeal(a: AppealRow, now = Date.now()) {
  const s = storedState(a);
  return {
    id: a.id,
    number: a.number,
    channel: a.channel,
    categoryId: a.categoryId,
    title: a.title,
    address: a.address,
    point: a.lng !== null && a.lat !== null ? [a.lng, a.lat] : null,
    gridId: a.gridId,
    urgency: a.urgency,
    anonymous: a.anonymous,
    status: a.status,
    mode: a.mode,
    leadDepartmentId: a.leadDepartmentId,
    assigneeUserId: a.assigneeUserId,
    supervision: a.supervision,
    bounceCount: a.bounceCount,
    reopenCount: a.reopenCount,
    satisfaction: a.satisfaction,
    receivedAt: a.receivedAt.toISOString(),
    acceptBy: iso(a.acceptBy),
    onSiteBy: iso(a.onSiteBy),
    dueBy: iso(a.dueBy),
    warnAt: iso(a.warnAt),
    closedAt: iso(a.closedAt),
    deadlineStatus: deadlineStatusOf(a, now),
    pendingRequest: s.returnRequest ? 'return' : s.extensionRequest ? 'extension' : null,
  };
}

/** What a case's names need from the book: its category, area, people and departments. */
export function namesWanted(rows: readonly AppealRow[]) {
  return {
    categoryIds: rows.map((r) => r.categoryId),
    regionPaths: rows.map((r) => r.regionPath),
    departmentIds: rows.flatMap((r) => [r.leadDepartmentId, ...storedState(r).assists.map((x) => x.unit)]),
    userIds: rows.map((r) => r.assigneeUserId),
  };
}

/** The display names of one case, from a book filled for its page. */
export function namesOf(book: NameBook, a: AppealRow) {
  const path = categoryPathOf(book, a.categoryId);
  const grid = a.gridId ? regionOnPath(book, a.regionPath, 'grid') : null;
  return {
    categoryName: path.at(-1) ?? null,
    categoryPath: path,
    gridName: grid?.name ?? null,
    communityName: regionOnPath(book, a.regionPath, 'community')?.name ?? null,
    streetName: regionOnPath(book, a.regionPath, 'street')?.name ?? null,
    assigneeName: a.assigneeUserId ? (book.users.get(a.assigneeUserId) ?? null) : null,
    leadDepartmentName: a.leadDepartmentId ? (book.departments.get(a.leadDepartmentId) ?? null) : null,
    assistDepartments: storedState(a).assists.map((x) => ({ id: x.unit, name: book.departments.get(x.unit) ?? null, replied: x.replied })),
  };
}

/** A page of cases with their names: four look-ups for the whole page. */
export async function presentAppeals(db: DbOrTx, rows: readonly AppealRow[], now = Date.now()) {
  const book = await lookUpNames(db, namesWanted(rows));
  return rows.map((r) => ({ ...presentAppeal(r, now), ...namesOf(book, r) }));
}

/** Parts on a case played by staff: their names may be shown. Residents' and building leaders' never are. */
const STAFF_PARTS = new Set(['dispatcher', 'reviewer', 'grid_worker', 'handler', 'assist', 'supervisor', 'hotline', 'web', 'patrol']);

/** The attachments of a step, each once (the check-in photo is both the machine's and the upload's). */
const unique = (xs: readonly string[]) => [...new Set(xs)];

/** A caller may rate once the handler has replied, until the return visit (as rating.ts decides). */
const RATABLE = ['replied', 'reviewed'];

/** Who asks for the detail: `rater` when they hold a role that rates (resident, member). */
export interface DetailViewer {
  userId: string;
  rater: boolean;
}

type TransitionRow = typeof appealTransitions.$inferSelect;

/**
 * The viewer's own rating of the current round: their latest `rate` entry after the last reopening (a reopening
 * clears every caller's result), or null.
 */
export function myRatingOf(transitions: readonly TransitionRow[], userId: string) {
  let rating: { result: string; at: string } | null = null;
  for (const t of transitions) {
    if (t.command === 'visit' && t.toStatus === 'dispatched') rating = null;
    else if (t.command === 'rate' && t.actorId === userId) rating = { result: String(t.data?.result ?? ''), at: t.at.toISOString() };
  }
  return rating;
}

/**
 * A case with its history, callers (masked), departments, names and — when it waits for dispatch — the
 * routing suggestion; for a caller with an account, whether they may rate it and what they rated. The
 * commands allowed are added by the route.
 */
export async function presentAppealDetail(db: DbOrTx, crypto: CryptoProvider, a: AppealRow, suggestion: SuggestedRoute | null = null, viewer: DetailViewer | null = null) {
  const [transitions, callers, assignments] = await Promise.all([
    db.select().from(appealTransitions).where(eq(appealTransitions.appealId, a.id)).orderBy(asc(appealTransitions.seq)),
    db.select().from(appealCallers).where(eq(appealCallers.appealId, a.id)).orderBy(asc(appealCallers.receivedAt)),
    db.select().from(appealAssignments).where(eq(appealAssignments.appealId, a.id)).orderBy(asc(appealAssignments.round)),
  ]);
  const want = namesWanted([a]);
  const book = await lookUpNames(db, {
    categoryIds: [...want.categoryIds, suggestion?.rule?.categoryId],
    regionPaths: [...want.regionPaths, suggestion?.rule?.regionPath],
    departmentIds: [...want.departmentIds, ...assignments.map((x) => x.departmentId), suggestion?.leadDepartmentId, ...(suggestion?.assistDepartmentIds ?? [])],
    userIds: [...want.userIds, ...transitions.filter((t) => STAFF_PARTS.has(t.actorRole ?? '')).map((t) => t.actorId), suggestion?.assigneeUserId],
  });
  const s = storedState(a);
  const dept = (id: string | null) => (id ? (book.departments.get(id) ?? null) : null);
  // Only a caller of this very case rates it (rating.ts updates their caller record); staff never do.
  const rater = viewer?.rater ? viewer.userId : null;
  const calls = rater !== null && callers.some((c) => c.userId === rater);
  return {
    ...presentAppeal(a),
    ...namesOf(book, a),
    description: a.description,
    state: { assists: s.assists, returnRequest: s.returnRequest, extensionRequest: s.extensionRequest, onSite: s.onSite, suspendedAt: s.suspendedAt },
    suggestedRoute: suggestion
      ? {
          mode: suggestion.mode,
          leadDepartmentId: suggestion.leadDepartmentId,
          leadDepartmentName: dept(suggestion.leadDepartmentId),
          assistDepartments: suggestion.assistDepartmentIds.map((id) => ({ id, name: dept(id) })),
          assigneeUserId: suggestion.assigneeUserId,
          assigneeName: suggestion.assigneeUserId ? (book.users.get(suggestion.assigneeUserId) ?? null) : null,
          decidedBy: suggestion.rule ? ('rule' as const) : ('category' as const),
          rule: suggestion.rule
            ? {
                id: suggestion.rule.id,
                priority: suggestion.rule.priority,
                categoryId: suggestion.rule.categoryId,
                categoryName: book.categories.get(suggestion.rule.categoryId)?.name ?? null,
                regionId: suggestion.rule.regionId,
                regionName: book.regions.get(suggestion.rule.regionPath)?.name ?? null,
              }
            : null,
        }
      : null,
    transitions: transitions.map((t) => ({
      seq: t.seq,
      at: t.at.toISOString(),
      actorId: t.actorId,
      actorRole: t.actorRole,
      actorName: t.actorId && STAFF_PARTS.has(t.actorRole ?? '') ? (book.users.get(t.actorId) ?? null) : null,
      command: t.command,
      from: t.fromStatus,
      to: t.toStatus,
      note: t.note,
      attachments: unique(t.attachments),
      data: publicData(t.command, t.data),
    })),
    callers: callers.map((c) => ({
      id: c.id,
      channel: c.channel,
      receivedAt: c.receivedAt.toISOString(),
      merged: c.originalAppealId !== a.id,
      name: c.nameEnc ? maskName(crypto.decrypt(c.nameEnc, 'appeals.caller_name')) : null,
      phone: c.phoneEnc ? maskPhone(crypto.decrypt(c.phoneEnc, 'appeals.caller_phone')) : null,
      visitResult: c.visitResult,
    })),
    canRate: calls && RATABLE.includes(a.status),
    myRating: calls ? myRatingOf(transitions, rater) : null,
    assignments: assignments.map((x) => ({ departmentId: x.departmentId, departmentName: dept(x.departmentId), role: x.role, round: x.round, reply: x.reply, repliedAt: iso(x.repliedAt) })),
  };
}

/** The parts of a step's data a history shows: supervision levels, anonymity, ratings and visit results. */
function publicData(command: string, data: Record<string, unknown> | null) {
  if (!data) return null;
  if (command === 'supervise') return { level: data.level ?? null };
  if (command === 'anonymity') return { anonymous: data.anonymous ?? null };
  if (command === 'rate' || command === 'visit') return { result: data.result ?? null };
  return null;
}
