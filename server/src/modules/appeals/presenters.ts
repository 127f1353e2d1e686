import { asc, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client.js';
import type { CryptoProvider } from '../../platform/pii/crypto-provider.js';
import { maskName, maskPhone } from '../../platform/pii/mask.js';
import { departments } from '../departments/schema.js';
import type { AppealRow } from './access.js';
import { deadlineStatus } from './deadlines.js';
import { storedState } from './persist.js';
import { appealAssignments, appealCallers, appealTransitions } from './schema.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** A case as lists show it. The caller's identity never appears here; the reporter only when not anonymous. */
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
    deadlineStatus: ['answered', 'not_accepted', 'merged', 'closed'].includes(a.status)
      ? null
      : deadlineStatus(s.deadlines, now, { suspendedAt: s.suspendedAt }),
    pendingRequest: s.returnRequest ? 'return' : s.extensionRequest ? 'extension' : null,
  };
}

/** A case with its history, callers (masked), departments and — given by the caller — the commands allowed. */
export async function presentAppealDetail(db: DbOrTx, crypto: CryptoProvider, a: AppealRow) {
  const [transitions, callers, assignments] = await Promise.all([
    db.select().from(appealTransitions).where(eq(appealTransitions.appealId, a.id)).orderBy(asc(appealTransitions.seq)),
    db.select().from(appealCallers).where(eq(appealCallers.appealId, a.id)).orderBy(asc(appealCallers.receivedAt)),
    db.select().from(appealAssignments).where(eq(appealAssignments.appealId, a.id)).orderBy(asc(appealAssignments.round)),
  ]);
  const deptIds = [...new Set(assignments.map((x) => x.departmentId).concat(a.leadDepartmentId ? [a.leadDepartmentId] : []))];
  const names = deptIds.length ? await db.select({ id: departments.id, name: departments.name }).from(departments).where(inArray(departments.id, deptIds)) : [];
  const nameOf = new Map(names.map((n) => [n.id, n.name]));
  const s = storedState(a);
  return {
    ...presentAppeal(a),
    description: a.description,
    leadDepartmentName: a.leadDepartmentId ? (nameOf.get(a.leadDepartmentId) ?? null) : null,
    state: { assists: s.assists, returnRequest: s.returnRequest, extensionRequest: s.extensionRequest, onSite: s.onSite, suspendedAt: s.suspendedAt },
    transitions: transitions.map((t) => ({
      seq: t.seq,
      at: t.at.toISOString(),
      actorId: t.actorId,
      actorRole: t.actorRole,
      command: t.command,
      from: t.fromStatus,
      to: t.toStatus,
      note: t.note,
      attachments: t.attachments,
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
    assignments: assignments.map((x) => ({ departmentId: x.departmentId, departmentName: nameOf.get(x.departmentId) ?? null, role: x.role, round: x.round, reply: x.reply, repliedAt: iso(x.repliedAt) })),
  };
}
