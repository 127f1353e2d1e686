import type { FastifyRequest } from 'fastify';
import type { Tx } from '../db/client.js';
import { writeAudit } from '../audit/audit.js';
import type { DomainEvent } from '../events/bus.js';
import type { Services } from '../services.js';
import type { AuthState } from './context.js';

export interface CommandContext {
  tx: Tx;
  actor: AuthState | null;
  services: Services;
  /** Queues an event, delivered after commit to its subscribers. */
  emit(e: Pick<DomainEvent, 'type' | 'payload'> & { subjectId?: string | null; cityId?: string | null }): Promise<void>;
}

export interface CommandOutcome<T> {
  value: T;
  subjectType?: string;
  subjectId?: string | null;
  cityId?: string | null;
  regionPath?: string | null;
  /** Ids, codes and field names only: never personal data. */
  detail?: Record<string, unknown>;
}

/**
 * Runs a use case in one transaction and writes its audit entry in the same transaction.
 * The request is marked audited so the error path does not add a second entry.
 */
export async function runCommand<T>(
  services: Services,
  req: FastifyRequest,
  action: string,
  fn: (c: CommandContext) => Promise<CommandOutcome<T>>,
): Promise<T> {
  const actor = req.ctx.auth;
  const value = await services.database.db.transaction(async (tx) => {
    const ctx: CommandContext = {
      tx,
      actor,
      services,
      emit: async (e) => {
        await services.events.emit(tx, {
          type: e.type,
          payload: e.payload,
          subjectId: e.subjectId ?? null,
          cityId: e.cityId ?? actor?.cityId ?? null,
          actorId: actor?.userId ?? null,
        });
      },
    };
    const out = await fn(ctx);
    await writeAudit(tx, {
      cityId: out.cityId ?? actor?.cityId ?? null,
      actorId: actor?.userId ?? null,
      actorName: actor?.username ?? null,
      action,
      subjectType: out.subjectType ?? null,
      subjectId: out.subjectId ?? null,
      regionPath: out.regionPath ?? null,
      ip: req.ctx.ip,
      requestId: req.ctx.requestId,
      result: 'ok',
      detail: out.detail ?? null,
    });
    return out.value;
  });
  req.ctx.audited = true;
  return value;
}
