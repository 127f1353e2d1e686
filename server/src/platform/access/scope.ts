import { and, gte, lt, or, type Column, type SQL, sql } from 'drizzle-orm';
import type { Role } from './roles.js';

/** A grant as it is carried on a request: role, node, node's path. */
export interface ActiveGrant {
  id: string;
  role: Role;
  regionId: string;
  regionPath: string;
  regionName: string;
  regionLevel: string;
}

/** Upper bound of a subtree range: '~' sorts after every character used in paths ([0-9a-z/]). */
export const subtreeEnd = (path: string) => `${path}~`;

/** True when `path` lies in the subtree rooted at `root` (the root included). */
export const inSubtree = (path: string, root: string) => path.startsWith(root);

/** The grant paths of the given roles, with nested ones removed (a path inside another adds nothing). */
export function scopeRoots(grants: readonly ActiveGrant[], roles: readonly Role[]): string[] {
  const paths = grants.filter((g) => roles.includes(g.role)).map((g) => g.regionPath);
  paths.sort((a, b) => a.length - b.length);
  const roots: string[] = [];
  for (const p of paths) if (!roots.some((r) => p.startsWith(r))) roots.push(p);
  return roots;
}

/** SQL predicate: column lies in one of the subtrees. An empty root list matches nothing. */
export function pathInRoots(column: Column, roots: readonly string[]): SQL {
  if (roots.length === 0) return sql`false`;
  const parts = roots.map((r) => and(gte(column, r), lt(column, subtreeEnd(r)))!);
  return parts.length === 1 ? parts[0]! : or(...parts)!;
}
