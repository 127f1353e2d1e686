import type { DbOrTx, Tx } from '../db/client.js';
import { enqueueJob, type JobRunner } from '../jobs/runner.js';
import { jsonInsert } from '../db/json-rows.js';
import { events } from './schema.js';

export interface DomainEvent {
  id: number;
  type: string;
  cityId: string | null;
  actorId: string | null;
  subjectId: string | null;
  payload: Record<string, unknown>;
  at: Date;
}

export type EventHandler = (tx: Tx, event: DomainEvent) => Promise<void>;

/**
 * The event bus: events are rows in the outbox, written in the transaction of the change; each
 * subscriber gets its own job (keyed by event and subscriber), so delivery survives crashes and an
 * effect written in the handler's transaction happens once.
 */
export class EventBus {
  private subscribers = new Map<string, Array<{ name: string; handler: EventHandler }>>();

  constructor(private readonly runner: JobRunner) {}

  subscribe(type: string, name: string, handler: EventHandler): void {
    // One job name per subscriber: a name must be unique, or deliveries would reach the wrong handler.
    if ([...this.subscribers.values()].some((l) => l.some((s) => s.name === name))) {
      throw new Error(`event subscriber ${name} registered twice`);
    }
    const list = this.subscribers.get(type) ?? [];
    list.push({ name, handler });
    this.subscribers.set(type, list);
    this.runner.register(`event:${name}`, async (tx, job) => {
      const row = await tx.query.events.findFirst({ where: (e, { eq }) => eq(e.id, Number(job.payload.eventId)) });
      if (!row) return;
      await handler(tx, { ...row, payload: row.payload });
    });
  }

  /** Whether anyone listens to a type of event (a writer may then need a transaction to queue their jobs). */
  hasSubscribers(type: string): boolean {
    return (this.subscribers.get(type)?.length ?? 0) > 0;
  }

  /** Records an event in the caller's transaction and queues delivery to every subscriber. */
  async emit(tx: DbOrTx, e: Omit<DomainEvent, 'id' | 'at'>): Promise<number> {
    const [row] = await tx
      .insert(events)
      .values({ type: e.type, cityId: e.cityId, actorId: e.actorId, subjectId: e.subjectId, payload: e.payload })
      .returning({ id: events.id });
    const id = row!.id;
    for (const s of this.subscribers.get(e.type) ?? []) {
      await enqueueJob(tx, `event:${s.name}`, { eventId: id }, { key: `event:${id}:${s.name}` });
    }
    return id;
  }

  /** Several events in one statement (group commit), each queued to its subscribers. */
  async emitMany(tx: DbOrTx, list: Array<Omit<DomainEvent, 'id' | 'at'>>): Promise<void> {
    if (!list.length) return;
    const res = await tx.execute(
      jsonInsert(
        events,
        list.map((e) => ({ type: e.type, cityId: e.cityId, actorId: e.actorId, subjectId: e.subjectId, payload: e.payload })),
        { suffix: 'returning id, type' },
      ),
    );
    const rows = (res as unknown as { rows: Array<{ id: number | string; type: string }> }).rows;
    for (const row of rows) {
      for (const s of this.subscribers.get(row.type) ?? []) {
        await enqueueJob(tx, `event:${s.name}`, { eventId: Number(row.id) }, { key: `event:${row.id}:${s.name}` });
      }
    }
  }
}
