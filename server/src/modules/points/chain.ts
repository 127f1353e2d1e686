import { createHash } from 'node:crypto';
import { canonicalJson } from '../../platform/audit/canonical.js';

/** prev_hash of the first entry of every account. */
export const GENESIS = '0'.repeat(64);

/** The fields of an entry that its hash covers (everything but the hash itself). */
export interface ChainedEntry {
  id: string;
  kind: string;
  cityId: string;
  userId: string;
  seq: number;
  delta: number;
  reason: string;
  sourceType: string;
  sourceId: string;
  idempotencyKey: string;
  actorId: string | null;
  note: string | null;
  reversesId: string | null;
  ranked: number;
  createdAt: Date;
  prevHash: string;
}

/** SHA-256 (hex) over the canonical JSON (keys sorted, created_at as ISO with ms) of the entry and prev_hash. */
export function entryHash(e: ChainedEntry): string {
  const body = canonicalJson({
    v: 1,
    id: e.id,
    kind: e.kind,
    cityId: e.cityId,
    userId: e.userId,
    seq: e.seq,
    delta: e.delta,
    reason: e.reason,
    sourceType: e.sourceType,
    sourceId: e.sourceId,
    idempotencyKey: e.idempotencyKey,
    actorId: e.actorId,
    note: e.note,
    reversesId: e.reversesId,
    ranked: e.ranked,
    createdAt: e.createdAt.toISOString(),
    prevHash: e.prevHash,
  });
  return createHash('sha256').update(body, 'utf8').digest('hex');
}
