import { useQueryClient } from '@tanstack/react-query';
import { Tag, TreeSelect } from 'antd';
import { useCallback, useMemo, useState, type CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchChildren, regionKeys, useRegionRoots } from '../../shared/regions';
import { LEVEL_COLORS, levelLabel } from '../../shared/roles';
import type { RegionNode } from '../../shared/types';

interface Props {
  value?: string | null;
  onChange?: (value: string | undefined, node?: RegionNode) => void;
  placeholder?: string;
  allowClear?: boolean;
  style?: CSSProperties;
  disabled?: boolean;
  status?: 'error' | 'warning';
  id?: string;
  'data-testid'?: string;
}

interface SimpleNode {
  id: string;
  pId: string | null;
  value: string;
  title: React.ReactNode;
  name: string;
  isLeaf: boolean;
}

/** A region picker that loads the tree lazily from the same endpoints as the Regions page. */
export function RegionTreeSelect({ value, onChange, placeholder, allowClear = true, style, disabled, status, id, ...rest }: Props) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const roots = useRegionRoots();
  const [children, setChildren] = useState<Record<string, RegionNode[]>>({});

  const byId = useMemo(() => {
    const m = new Map<string, RegionNode>();
    for (const r of roots.data ?? []) m.set(r.id, r);
    for (const list of Object.values(children)) for (const n of list) m.set(n.id, n);
    return m;
  }, [roots.data, children]);

  const treeData = useMemo(() => {
    const out: SimpleNode[] = [];
    const rootIds = new Set((roots.data ?? []).map((r) => r.id));
    for (const n of byId.values()) {
      out.push({
        id: n.id,
        pId: rootIds.has(n.id) ? null : n.parentId,
        value: n.id,
        name: n.name,
        isLeaf: n.childCount === 0,
        title: (
          <span>
            {n.name}{' '}
            <Tag color={LEVEL_COLORS[n.level]} className="tx-level-tag">
              {levelLabel(t, n.level)}
            </Tag>
          </span>
        ),
      });
    }
    return out;
  }, [byId, roots.data, t]);

  const loadData = useCallback(
    async (node: { value?: string | number | null }) => {
      const key = typeof node.value === 'string' ? node.value : String(node.value ?? '');
      if (!key || children[key]) {
        return;
      }
      const list = await qc.fetchQuery({
        queryKey: regionKeys.children(key),
        queryFn: () => fetchChildren(key),
        staleTime: 5 * 60_000,
      });
      setChildren((prev) => ({ ...prev, [key]: list }));
    },
    [children, qc],
  );

  return (
    <TreeSelect<string>
      id={id}
      data-testid={rest['data-testid']}
      value={value ?? undefined}
      onChange={(v) => onChange?.(v ?? undefined, v ? byId.get(v) : undefined)}
      treeDataSimpleMode={{ id: 'id', pId: 'pId' }}
      treeData={treeData}
      loadData={loadData}
      treeNodeLabelProp="name"
      showSearch={{ treeNodeFilterProp: 'name' }}
      allowClear={allowClear}
      placeholder={placeholder ?? t('regions.pickRegion')}
      loading={roots.isLoading}
      disabled={disabled}
      status={status}
      style={{ minWidth: 200, ...style }}
      popupMatchSelectWidth={false}
      styles={{ popup: { root: { maxHeight: 420, overflow: 'auto', minWidth: 280 } } }}
      notFoundContent={roots.isError ? t('errors.loadFailed') : t('common.empty')}
    />
  );
}
