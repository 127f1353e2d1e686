/**
 * Group commit: requests that arrive while the database is busy with earlier ones are gathered and handled
 * together, one transaction (or one query) for many, instead of one each. Nothing waits for a timer: a request
 * that finds the batcher idle goes at once, alone; under load each batch takes whatever queued up meanwhile
 * (at most `maxBatch`), with at most `inFlight` batches running at a time.
 *
 * The handler answers every item of its batch, each with its own value or its own error, so one caller's bad
 * input never becomes another caller's failure (see `isolateFailures`).
 */
export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

export interface BatcherOptions {
  maxBatch: number;
  inFlight: number;
}

interface Waiting<I, O> {
  item: I;
  resolve: (v: O) => void;
  reject: (e: unknown) => void;
}

export class Batcher<I, O> {
  private queue: Array<Waiting<I, O>> = [];
  private running = 0;
  /** Batches handled, items in them, and the largest batch so far (for tests and benchmarks). */
  readonly stats = { batches: 0, items: 0, largest: 0 };

  constructor(
    private readonly handle: (items: I[]) => Promise<Array<Settled<O>>>,
    private readonly options: BatcherOptions = { maxBatch: 64, inFlight: 2 },
  ) {}

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.running < this.options.inFlight && this.queue.length) {
      const batch = this.queue.splice(0, this.options.maxBatch);
      this.running++;
      this.stats.batches++;
      this.stats.items += batch.length;
      this.stats.largest = Math.max(this.stats.largest, batch.length);
      void this.run(batch).finally(() => {
        this.running--;
        this.pump();
      });
    }
  }

  private async run(batch: Array<Waiting<I, O>>): Promise<void> {
    let results: Array<Settled<O>>;
    try {
      results = await this.handle(batch.map((w) => w.item));
      if (results.length !== batch.length) throw new Error(`batch handler answered ${results.length} of ${batch.length} items`);
    } catch (error) {
      for (const w of batch) w.reject(error);
      return;
    }
    results.forEach((r, i) => (r.ok ? batch[i]!.resolve(r.value) : batch[i]!.reject(r.error)));
  }
}

/**
 * Runs `all` on the whole batch; if it throws and the batch has more than one item, runs it again item by item,
 * so each item gets the outcome it would have had alone (the failed attempt left nothing behind: `all` must be
 * one transaction).
 */
export async function isolateFailures<I, O>(items: I[], all: (items: I[]) => Promise<O[]>): Promise<Array<Settled<O>>> {
  try {
    return (await all(items)).map((value) => ({ ok: true as const, value }));
  } catch (error) {
    if (items.length === 1) return [{ ok: false, error }];
    const out: Array<Settled<O>> = [];
    for (const item of items) {
      try {
        out.push({ ok: true, value: (await all([item]))[0]! });
      } catch (e) {
        out.push({ ok: false, error: e });
      }
    }
    return out;
  }
}
