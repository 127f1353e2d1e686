/**
 * Who may do what changed in this process: a role granted or removed, an account disabled or renamed, a
 * session ended. Memories kept per process (resolved sessions, each city's grid workers for intake) listen
 * and forget; other processes see the change when their memories expire (see platform/auth/session-cache.ts
 * and modules/appeals/city-config.ts). Called in the transaction of the change; a memory must therefore also
 * keep from storing a read that may predate the commit (both do).
 */
let generation = 0;
const listeners = new Set<() => void>();

export function accessChanged(): void {
  generation++;
  for (const l of listeners) l();
}

/** Changes so far in this process: a memory taken at generation g is stale once this differs. */
export const accessGeneration = (): number => generation;

export function onAccessChange(listener: () => void): void {
  listeners.add(listener);
}
