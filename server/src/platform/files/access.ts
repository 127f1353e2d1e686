import type { DbOrTx } from '../db/client.js';
import type { AuthState } from '../http/context.js';

/** Modules say who may read the files attached to their records (e.g. appeals: whoever may see the case). */
export type FileOwnerCheck = (db: DbOrTx, auth: AuthState, ownerId: string) => Promise<boolean>;

const checks = new Map<string, FileOwnerCheck>();

export function registerFileOwner(ownerType: string, check: FileOwnerCheck): void {
  checks.set(ownerType, check);
}

export function fileOwnerCheck(ownerType: string): FileOwnerCheck | undefined {
  return checks.get(ownerType);
}
