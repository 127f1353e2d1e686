import { useMemo } from 'react';
import { useDepartments } from '../../../../shared/appeals';

/**
 * The city's departments as choices. Categories name departments by code (the nearest department of that code
 * above a case handles it), routing rules by id.
 */
export function useDepartmentOptions() {
  const depts = useDepartments();
  return useMemo(() => {
    const items = (depts.data ?? []).filter((d) => d.active);
    const byCode = new Map<string, string>();
    for (const d of items) if (!byCode.has(d.code)) byCode.set(d.code, d.name);
    return {
      loading: depts.isPending,
      byCode: [...byCode].map(([code, name]) => ({ value: code, label: `${name}（${code}）` })),
      byId: items.map((d) => ({ value: d.id, label: d.name })),
      nameOfCode: (code: string | null | undefined) => (code ? (byCode.get(code) ?? code) : null),
    };
  }, [depts.data, depts.isPending]);
}
