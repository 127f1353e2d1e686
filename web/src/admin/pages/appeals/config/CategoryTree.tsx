import { Empty, Input, Tag, Tree, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConfigCategory } from '../../../../shared/appeals-config';

interface TreeNode {
  key: string;
  title: React.ReactNode;
  children: TreeNode[];
}

/** The category tree with a search box: matches stay with their ancestors, and the tree opens to them. */
export function CategoryTree({ items, selected, onSelect }: { items: readonly ConfigCategory[]; selected: string | null; onSelect: (id: string) => void }) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const [expanded, setExpanded] = useState<string[]>([]);
  const q = query.trim().toLowerCase();

  // Open the tree down to the selected category (e.g. one just added, chosen by the page).
  useEffect(() => {
    if (!selected) return;
    const byId = new Map(items.map((c) => [c.id, c]));
    const up: string[] = [];
    let p = byId.get(selected)?.parentId;
    while (p) {
      up.push(p);
      p = byId.get(p)?.parentId ?? null;
    }
    if (up.length) setExpanded((cur) => [...new Set([...cur, ...up])]);
  }, [selected, items]);

  const { tree, matchedAncestors } = useMemo(() => {
    const byId = new Map(items.map((c) => [c.id, c]));
    const keep = new Set<string>();
    const ancestors = new Set<string>();
    for (const c of items) {
      if (q && !c.name.toLowerCase().includes(q) && !c.code.toLowerCase().includes(q)) continue;
      keep.add(c.id);
      let p = c.parentId ? byId.get(c.parentId) : undefined;
      while (p) {
        keep.add(p.id);
        ancestors.add(p.id);
        p = p.parentId ? byId.get(p.parentId) : undefined;
      }
    }
    const nodes = new Map<string, TreeNode>();
    for (const c of items) {
      if (!keep.has(c.id)) continue;
      nodes.set(c.id, {
        key: c.id,
        children: [],
        title: (
          <span data-testid="category-node" data-code={c.code}>
            <Typography.Text type={c.active ? undefined : 'secondary'} delete={!c.active}>
              {c.name}
            </Typography.Text>{' '}
            <Typography.Text type="secondary" className="tx-mono" style={{ fontSize: 12 }}>
              {c.code}
            </Typography.Text>
            {!c.active ? (
              <Tag style={{ marginInlineStart: 6 }} bordered={false}>
                {t('appealsConfig.categories.inactive')}
              </Tag>
            ) : null}
          </span>
        ),
      });
    }
    const roots: TreeNode[] = [];
    for (const c of items) {
      const n = nodes.get(c.id);
      if (!n) continue;
      const parent = c.parentId ? nodes.get(c.parentId) : undefined;
      (parent ? parent.children : roots).push(n);
    }
    return { tree: roots, matchedAncestors: [...ancestors] };
  }, [items, q, t]);

  return (
    <div>
      <Input.Search allowClear placeholder={t('appealsConfig.categories.search')} onChange={(e) => setQuery(e.target.value)} data-testid="category-search" style={{ marginBottom: 12 }} />
      {tree.length === 0 ? (
        <Empty description={t('appealsConfig.categories.empty')} />
      ) : (
        <Tree
          blockNode
          height={560}
          treeData={tree}
          expandedKeys={q ? matchedAncestors : expanded}
          onExpand={(keys) => setExpanded(keys.map(String))}
          selectedKeys={selected ? [selected] : []}
          onSelect={(keys) => {
            const k = keys[0];
            if (k !== undefined) onSelect(String(k));
          }}
          data-testid="category-tree"
        />
      )}
    </div>
  );
}
