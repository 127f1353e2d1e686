import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db, DbOrTx, Tx } from '../db/client.js';
import { jobs } from './schema.js';

export interface JobRecord {
  id: string;
  name: string;
  key: string | null;
  payload: Record<string, unknown>;
  attempts: number;
  maxAttempts: number;
  runAt: Date;
}

/** A job handler runs inside the transaction that marks the job done: its writes and the mark commit together. */
export type JobHandler = (tx: Tx, job: JobRecord) => Promise<void>;

export interface Schedule {
  name: string;
  everySeconds: number;
}

export interface EnqueueOptions {
  key?: string;
  runAt?: Date;
  maxAttempts?: number;
}

const rowsOf = <T>(res: unknown) => (res as { rows: T[] }).rows;

/** Queues a job; with a key, a second enqueue of the same key does nothing (returns false). */
export async function enqueueJob(db: DbOrTx, name: string, payload: Record<string, unknown> = {}, opts: EnqueueOptions = {}): Promise<boolean> {
  const inserted = await db
    .insert(jobs)
    .values({ name, payload, key: opts.key ?? null, runAt: opts.runAt ?? new Date(), maxAttempts: opts.maxAttempts ?? 5 })
    .onConflictDoNothing({ target: jobs.key })
    .returning({ id: jobs.id });
  return inserted.length > 0;
}

/**
 * Polls the jobs table and runs due jobs. Safe with any number of processes: a job is claimed with
 * FOR UPDATE SKIP LOCKED, and a claim whose lease expires (the process died) is taken up again; since
 * a handler's effects commit only together with the job's done mark, an effect happens once.
 */
export class JobRunner {
  readonly worker = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  private handlers = new Map<string, JobHandler>();
  private schedules: Schedule[] = [];
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = true;

  constructor(
    private readonly db: Db,
    private readonly opts: { pollMs: number; batch?: number; leaseSeconds?: number; onError?: (err: unknown, job?: JobRecord) => void },
  ) {}

  register(name: string, handler: JobHandler): void {
    if (this.handlers.has(name)) throw new Error(`job handler ${name} registered twice`);
    this.handlers.set(name, handler);
  }

  /** A periodic job: one run per slot of `everySeconds`, however many processes tick. */
  schedule(name: string, everySeconds: number, handler: JobHandler): void {
    this.register(name, handler);
    this.schedules.push({ name, everySeconds });
  }

  has(name: string): boolean {
    return this.handlers.has(name);
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    const loop = async () => {
      if (this.stopped) return;
      this.running = this.tick()
        .then(() => undefined)
        .catch((err) => this.opts.onError?.(err));
      await this.running;
      if (!this.stopped) this.timer = setTimeout(loop, this.opts.pollMs);
    };
    this.timer = setTimeout(loop, 0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** One pass: enqueue due periodic slots, requeue expired leases, run what is due. Returns jobs run. */
  async tick(now = new Date()): Promise<number> {
    await this.enqueueSchedules(now);
    await this.reclaimExpired();
    let ran = 0;
    for (;;) {
      const claimed = await this.claim(this.opts.batch ?? 20);
      if (claimed.length === 0) return ran;
      for (const job of claimed) {
        await this.runOne(job);
        ran += 1;
      }
    }
  }

  private async enqueueSchedules(now: Date): Promise<void> {
    for (const s of this.schedules) {
      const slot = Math.floor(now.getTime() / (s.everySeconds * 1000)) * s.everySeconds * 1000;
      await enqueueJob(this.db, s.name, { slot: new Date(slot).toISOString() }, { key: `${s.name}@${slot}`, runAt: new Date(slot) });
    }
  }

  private async reclaimExpired(): Promise<void> {
    await this.db.execute(sql`
      update jobs set status = 'queued', locked_by = null, locked_until = null
      where status = 'running' and locked_until < now()`);
  }

  private async claim(limit: number): Promise<JobRecord[]> {
    const names = [...this.handlers.keys()];
    if (names.length === 0) return [];
    const lease = this.opts.leaseSeconds ?? 300;
    const rows = rowsOf<{ id: string; name: string; key: string | null; payload: Record<string, unknown>; attempts: number; max_attempts: number; run_at: Date }>(
      await this.db.execute(sql`
        update jobs set status = 'running', attempts = attempts + 1, locked_by = ${this.worker},
               locked_until = now() + make_interval(secs => ${lease})
        where id in (
          select id from jobs
          where status = 'queued' and run_at <= now() and name in (${sql.join(names.map((n) => sql`${n}`), sql`, `)})
          order by run_at limit ${limit}
          for update skip locked)
        returning id, name, key, payload, attempts, max_attempts, run_at`),
    );
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      key: r.key,
      payload: r.payload,
      attempts: r.attempts,
      maxAttempts: r.max_attempts,
      runAt: new Date(r.run_at),
    }));
  }

  private async runOne(job: JobRecord): Promise<void> {
    const handler = this.handlers.get(job.name)!;
    const startedAt = new Date();
    try {
      await this.db.transaction(async (tx) => {
        await handler(tx, job);
        const done = rowsOf<{ id: string }>(
          await tx.execute(sql`
            update jobs set status = 'done', finished_at = now(), locked_by = null, locked_until = null, last_error = null
            where id = ${job.id} and status = 'running' and locked_by = ${this.worker} returning id`),
        );
        // Our lease was taken over by another worker: roll our effects back, theirs will count.
        if (done.length === 0) throw new LeaseLost(job.id);
        await tx.execute(sql`
          insert into job_runs (id, job_id, name, worker, started_at)
          values (gen_random_uuid(), ${job.id}, ${job.name}, ${this.worker}, ${startedAt.toISOString()})`);
      });
    } catch (err) {
      if (err instanceof LeaseLost) return;
      this.opts.onError?.(err, job);
      const failed = job.attempts >= job.maxAttempts;
      const backoff = Math.min(3600, 2 ** job.attempts * 5);
      await this.db.execute(sql`
        update jobs set status = ${failed ? 'failed' : 'queued'}, locked_by = null, locked_until = null,
               last_error = ${String(err instanceof Error ? err.message : err).slice(0, 2000)},
               run_at = now() + make_interval(secs => ${backoff})
        where id = ${job.id} and locked_by = ${this.worker}`);
    }
  }
}

class LeaseLost extends Error {
  constructor(id: string) {
    super(`lease on job ${id} lost`);
  }
}
