import { useQueryClient } from '@tanstack/react-query';
import { App, Tree, type TreeDataNode } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { errorMessage } from '../../../shared/api';
import { fetchChildren, regionKeys } from '../../../shared/regions';
import { TID } from '../../../shared/testids';
import type { RegionDetail, RegionNode } from '../../../shared/types';
import { LevelTag } from './LevelTag';

/**
 * The region tree panel: children load on expand, and the tree opens down to
 * the selected region (`detail`) and keeps it in view.
 */
export function RegionTree({
  roots,
  selectedId,
  detail,
  onSelect,
}: {
  roots: RegionNode[];
  selectedId: string | null;
  detail: RegionDetail | undefined;
  onSelect: (id: string) => void;
}) {
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [children, setChildren] = useState<Record<string, RegionNode[]>>({});
  const [expanded, setExpanded] = useState<React.Key[]>([]);
  const known = useRef<Record<string, RegionNode[]>>({});
  const box = useRef<HTMLDivElement | null>(null);

  const ensureChildren = useCallback(
    async (id: string): Promise<RegionNode[]> => {
      const have = known.current[id];
      if (have) {
        return have;
      }
      const list = await qc.fetchQuery({
        queryKey: regionKeys.children(id),
        queryFn: () => fetchChildren(id),
        staleTime: 5 * 60_000,
      });
      known.current = { ...known.current, [id]: list };
      setChildren(known.current);
      return list;
    },
    [qc],
  );

  // Open the tree down to the selected node (e.g. after a click on the map or a deep link).
  useEffect(() => {
    if (!detail) {
      return;
    }
    const chain = [...detail.ancestors.map((a) => a.id), detail.id];
    const rootIds = new Set(roots.map((r) => r.id));
    const start = chain.findIndex((id) => rootIds.has(id));
    if (start < 0) {
      return;
    }
    // Ancestors, plus the node itself when it has children, so the tree shows what the map shows.
    const path = detail.childCount > 0 ? chain.slice(start) : chain.slice(start, -1);
    let cancelled = false;
    void (async () => {
      try {
        for (const id of path) {
          await ensureChildren(id);
          if (cancelled) {
            return;
          }
        }
        setExpanded((prev) => [...new Set([...prev, ...path])]);
      } catch (e) {
        if (!cancelled) {
          void message.error(errorMessage(e));
        }
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [detail, roots, ensureChildren, message]);

  // Keep the selected node in view.
  useEffect(() => {
    const id = window.requestAnimationFrame(() => {
      box.current?.querySelector('.ant-tree-treenode-selected')?.scrollIntoView({ block: 'nearest' });
    });
    return () => window.cancelAnimationFrame(id);
  }, [selectedId, expanded]);

  const treeData = useMemo(() => {
    const build = (n: RegionNode): TreeDataNode => {
      const kids = children[n.id];
      return {
        key: n.id,
        isLeaf: n.childCount === 0,
        title: (
          <span className="tx-tree-title" data-region-id={n.id}>
            <span className="tx-tree-name">{n.name}</span>
            <LevelTag level={n.level} />
          </span>
        ),
        ...(kids ? { children: kids.map(build) } : {}),
      };
    };
    return roots.map(build);
  }, [roots, children]);

  return (
    <div ref={box} data-testid={TID.regionTree} className="tx-tree-box">
      <Tree
        blockNode
        showLine={{ showLeafIcon: false }}
        treeData={treeData}
        selectedKeys={selectedId ? [selectedId] : []}
        expandedKeys={expanded}
        onExpand={(keys) => setExpanded(keys)}
        loadData={async (node) => {
          try {
            await ensureChildren(String(node.key));
          } catch (e) {
            void message.error(errorMessage(e));
          }
        }}
        onSelect={(keys) => {
          const k = keys[0];
          if (k !== undefined) {
            onSelect(String(k));
          }
        }}
      />
    </div>
  );
}
