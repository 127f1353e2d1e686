import type { DbOrTx } from '../../platform/db/client.js';
import { categoryPathOf, lookUpNames } from './display-names.js';
import type { RoutingRuleRow } from './routing.js';

/** Routing rules as the configuration pages show them: ids with the names of category, area and departments. */
export async function presentRules(db: DbOrTx, rules: readonly RoutingRuleRow[]) {
  const book = await lookUpNames(db, {
    categoryIds: rules.map((r) => r.categoryId),
    regionPaths: rules.map((r) => r.regionPath),
    departmentIds: rules.flatMap((r) => [r.leadDepartmentId, ...r.assistDepartmentIds]),
  });
  const dept = (id: string) => ({ id, name: book.departments.get(id) ?? null });
  return rules.map((r) => {
    const region = book.regions.get(r.regionPath);
    // The area's own path of names below the city, e.g. 美兰区 / 海甸街道.
    const regionPathNames = [...book.regions.entries()]
      .filter(([p]) => r.regionPath.startsWith(p))
      .sort(([a], [b]) => a.length - b.length)
      .map(([, x]) => x.name);
    return {
      id: r.id,
      categoryId: r.categoryId,
      categoryName: book.categories.get(r.categoryId)?.name ?? null,
      categoryPath: categoryPathOf(book, r.categoryId),
      regionId: r.regionId,
      regionName: region?.name ?? null,
      regionLevel: region?.level ?? null,
      regionNames: regionPathNames,
      mode: r.mode,
      leadDepartmentId: r.leadDepartmentId,
      leadDepartmentName: r.leadDepartmentId ? (book.departments.get(r.leadDepartmentId) ?? null) : null,
      assistDepartmentIds: r.assistDepartmentIds,
      assistDepartments: r.assistDepartmentIds.map(dept),
      priority: r.priority,
      createdAt: r.createdAt.toISOString(),
    };
  });
}
