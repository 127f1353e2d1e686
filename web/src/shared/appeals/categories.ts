/** 接诉即办 (appeals): the category list as a tree, a path, a label. */
import type { AppealCategory, CategoryNode } from './types';

/** The flat list as a tree (ordered by code, as the server sends it). */
export function categoryTree(items: readonly AppealCategory[]): CategoryNode[] {
  const byId = new Map<string, CategoryNode>();
  for (const c of items) byId.set(c.id, { ...c, children: [] });
  const roots: CategoryNode[] = [];
  for (const n of byId.values()) {
    const parent = n.parentId ? byId.get(n.parentId) : undefined;
    if (parent) parent.children.push(n);
    else roots.push(n);
  }
  return roots;
}

/** The path of names from the top group to the category, e.g. ['生态环境', '餐饮油烟']. */
export function categoryPath(items: readonly AppealCategory[] | undefined, id: string | null | undefined): AppealCategory[] {
  if (!items || !id) return [];
  const byId = new Map(items.map((c) => [c.id, c]));
  const out: AppealCategory[] = [];
  let cur = byId.get(id);
  while (cur && out.length < 8) {
    out.unshift(cur);
    cur = cur.parentId ? byId.get(cur.parentId) : undefined;
  }
  return out;
}

export function categoryLabel(items: readonly AppealCategory[] | undefined, id: string | null | undefined): string {
  const path = categoryPath(items, id);
  return path.length ? path.map((c) => c.name).join(' / ') : '—';
}
