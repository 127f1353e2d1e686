import { AimOutlined, DownloadOutlined, EnvironmentOutlined, FileExcelOutlined, GlobalOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Breadcrumb,
  Button,
  Card,
  Descriptions,
  Dropdown,
  Flex,
  Input,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  Tree,
  Typography,
  type TreeDataNode,
} from 'antd';
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { downloadFile, errorMessage } from '../../shared/api';
import { formatLngLat, formatNumber } from '../../shared/format';
import {
  fetchChildren,
  locate,
  regionKeys,
  useRegion,
  useRegionMap,
  useRegionRoots,
} from '../../shared/regions';
import { LEVEL_COLORS, levelLabel } from '../../shared/roles';
import { TID } from '../../shared/testids';
import type { Crs, LngLat, LocateResult, RegionBuilding, RegionDetail, RegionNode } from '../../shared/types';
import { PageHeader } from '../components/PageHeader';
import { RoleTag } from '../components/RoleTags';
import { EmptyState, ErrorState, Loading } from '../components/States';

const RegionMap = lazy(() => import('./RegionMap'));

function LevelTag({ level }: { level: RegionNode['level'] }) {
  const { t } = useTranslation();
  return (
    <Tag color={LEVEL_COLORS[level]} className="tx-level-tag">
      {levelLabel(t, level)}
    </Tag>
  );
}

/* ------------------------------------------------------------------ tree */

function RegionTree({
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

/* ---------------------------------------------------------------- locate */

function parseLngLat(text: string): LngLat | null {
  const parts = text
    .trim()
    .split(/[\s,，;；]+/)
    .filter((s) => s !== '');
  if (parts.length !== 2) {
    return null;
  }
  const lng = Number(parts[0]);
  const lat = Number(parts[1]);
  if (!Number.isFinite(lng) || !Number.isFinite(lat) || Math.abs(lng) > 180 || Math.abs(lat) > 90) {
    return null;
  }
  return [lng, lat];
}

interface LocateState {
  input: LngLat;
  crs: Crs;
  result: LocateResult;
}

function LocateTool({ onLocated }: { onLocated: (s: LocateState | null) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [crs, setCrs] = useState<Crs>('wgs84');
  const [invalid, setInvalid] = useState(false);
  const { message } = App.useApp();
  const m = useMutation({
    mutationFn: async (v: { p: LngLat; crs: Crs }) => ({ input: v.p, crs: v.crs, result: await locate(v.p[0], v.p[1], v.crs) }),
    onSuccess: (s) => onLocated(s),
    onError: (e) => {
      void message.error(errorMessage(e));
    },
  });
  const submit = () => {
    const p = parseLngLat(text);
    setInvalid(!p);
    if (!p) {
      void message.warning(t('regions.locate.invalid'));
      return;
    }
    m.mutate({ p, crs });
  };
  return (
    <Space.Compact>
      <Input
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setInvalid(false);
        }}
        onPressEnter={submit}
        placeholder={t('regions.locate.placeholder')}
        prefix={<EnvironmentOutlined />}
        status={invalid ? 'error' : undefined}
        style={{ width: 230 }}
        aria-label={t('regions.locate.label')}
        data-testid={TID.regionLocateInput}
        allowClear
      />
      <Select<Crs>
        value={crs}
        onChange={setCrs}
        style={{ width: 150 }}
        aria-label={t('regions.locate.crs')}
        data-testid={TID.regionLocateCrs}
        options={[
          { value: 'wgs84', label: t('regions.crs.wgs84') },
          { value: 'gcj02', label: t('regions.crs.gcj02') },
          { value: 'bd09', label: t('regions.crs.bd09') },
        ]}
      />
      <Button type="primary" icon={<AimOutlined />} onClick={submit} loading={m.isPending} data-testid={TID.regionLocateSubmit}>
        {t('regions.locate.submit')}
      </Button>
    </Space.Compact>
  );
}

function LocateResultView({ state, onOpen, onClose }: { state: LocateState; onOpen: (id: string) => void; onClose: () => void }) {
  const { t } = useTranslation();
  const r = state.result;
  const where = formatLngLat(state.input);
  if (r.status === 'inside') {
    return (
      <Alert
        type="success"
        showIcon
        closable={{ onClose }}
        data-testid={TID.regionLocateResult}
        title={t('regions.locate.inside', { where })}
        description={
          <Flex vertical gap={4}>
            <Breadcrumb
              items={[
                { title: r.district.name },
                { title: r.street.name },
                { title: <a onClick={() => onOpen(r.community.id)}>{r.community.name}</a> },
                { title: <a onClick={() => onOpen(r.grid.id)}>{r.grid.name}</a> },
              ]}
            />
            {!r.point && state.crs !== 'wgs84' ? (
              <Typography.Text type="secondary">{t('regions.locate.noMarker')}</Typography.Text>
            ) : null}
          </Flex>
        }
        action={
          <Button size="small" type="primary" onClick={() => onOpen(r.grid.id)}>
            {t('regions.locate.openGrid')}
          </Button>
        }
      />
    );
  }
  return (
    <Alert
      type="warning"
      showIcon
      closable={{ onClose }}
      data-testid={TID.regionLocateResult}
      title={t('regions.locate.outside', { where })}
    />
  );
}

/* ---------------------------------------------------------------- detail */

function ExportButton({ region }: { region: RegionDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const run = async (format: 'geojson' | 'xlsx') => {
    setBusy(true);
    try {
      const base = region.code || region.name;
      await downloadFile(`/api/regions/${encodeURIComponent(region.id)}/export`, { format }, `${base}.${format}`);
    } catch (e) {
      void message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        items: [
          { key: 'geojson', icon: <GlobalOutlined />, label: t('regions.export.geojson') },
          { key: 'xlsx', icon: <FileExcelOutlined />, label: t('regions.export.xlsx') },
        ],
        onClick: ({ key }) => void run(key === 'xlsx' ? 'xlsx' : 'geojson'),
      }}
    >
      <Button icon={<DownloadOutlined />} loading={busy}>
        {t('regions.export.button')}
      </Button>
    </Dropdown>
  );
}

function ChildrenTable({ regionId, onSelect }: { regionId: string; onSelect: (id: string) => void }) {
  const { t } = useTranslation();
  const q = useQuery({
    queryKey: regionKeys.children(regionId),
    queryFn: () => fetchChildren(regionId),
    staleTime: 5 * 60_000,
  });
  if (q.isError) {
    return <ErrorState compact error={q.error} onRetry={() => void q.refetch()} />;
  }
  return (
    <Table<RegionNode>
      size="small"
      rowKey="id"
      loading={q.isPending}
      dataSource={q.data ?? []}
      pagination={(q.data?.length ?? 0) > 10 ? { pageSize: 10, size: 'small', showSizeChanger: false } : false}
      locale={{ emptyText: <EmptyState description={t('regions.noChildren')} /> }}
      onRow={(r) => ({ onClick: () => onSelect(r.id), className: 'tx-clickable-row' })}
      columns={[
        { title: t('regions.field.name'), dataIndex: 'name', render: (v: string) => <a>{v}</a> },
        { title: t('regions.field.level'), dataIndex: 'level', width: 100, render: (v: RegionNode['level']) => <LevelTag level={v} /> },
        { title: t('regions.field.code'), dataIndex: 'code', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
        { title: t('regions.field.childCount'), dataIndex: 'childCount', width: 110, align: 'right', render: (v: number) => formatNumber(v) },
      ]}
    />
  );
}

function BuildingsTable({ buildings, onSelect }: { buildings: RegionBuilding[]; onSelect: (id: string) => void }) {
  const { t } = useTranslation();
  return (
    <Table<RegionBuilding>
      size="small"
      rowKey="id"
      dataSource={buildings}
      pagination={buildings.length > 10 ? { pageSize: 10, size: 'small', showSizeChanger: false } : false}
      locale={{ emptyText: <EmptyState description={t('regions.noBuildings')} /> }}
      onRow={(r) => ({ onClick: () => onSelect(r.id), className: 'tx-clickable-row' })}
      columns={[
        { title: t('regions.field.building'), dataIndex: 'name', render: (v: string) => <a>{v}</a> },
        { title: t('regions.field.code'), dataIndex: 'code', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
        { title: t('regions.field.point'), dataIndex: 'point', render: (v: LngLat) => <span className="tx-mono">{formatLngLat(v)}</span> },
      ]}
    />
  );
}

function RegionDetailPanel({
  region,
  rootIds,
  onSelect,
}: {
  region: RegionDetail;
  rootIds: Set<string>;
  onSelect: (id: string) => void;
}) {
  const { t } = useTranslation();
  const firstReachable = region.ancestors.findIndex((a) => rootIds.has(a.id));
  const community = region.ancestors.find((a) => a.level === 'community');
  const parent = region.ancestors[region.ancestors.length - 1];
  const isGrid = region.level === 'grid';

  const stats: Array<{ key: string; label: string; value: number }> = [
    { key: 'children', label: t('stats.children'), value: region.stats.children },
    { key: 'grids', label: t('stats.grids'), value: region.stats.grids },
    { key: 'buildings', label: t('stats.buildings'), value: region.stats.buildings },
    { key: 'units', label: t('stats.units'), value: region.stats.units },
    { key: 'orgs', label: t('stats.orgs'), value: region.stats.orgs },
  ];

  return (
    <Flex vertical gap={20}>
      <Flex justify="space-between" align="flex-start" gap={12} wrap>
        <div>
          <Flex align="center" gap={8}>
            <Typography.Title level={4} style={{ margin: 0 }} data-testid="region-detail-name">
              {region.name}
            </Typography.Title>
            <LevelTag level={region.level} />
          </Flex>
          <Breadcrumb
            className="tx-ancestors"
            items={[...region.ancestors, { id: region.id, name: region.name, level: region.level }].map((a, i) => ({
              key: a.id,
              title:
                a.id !== region.id && firstReachable >= 0 && i >= firstReachable ? (
                  <a onClick={() => onSelect(a.id)}>{a.name}</a>
                ) : (
                  a.name
                ),
            }))}
          />
        </div>
        <ExportButton region={region} />
      </Flex>

      <Descriptions
        bordered
        size="small"
        column={{ xs: 1, sm: 2, xl: 3 }}
        items={[
          { key: 'level', label: t('regions.field.level'), children: levelLabel(t, region.level) },
          {
            key: 'code',
            label: t('regions.field.code'),
            children: region.code ? <Typography.Text copyable>{region.code}</Typography.Text> : t('common.dash'),
          },
          { key: 'parent', label: t('regions.field.parent'), children: parent?.name ?? t('common.dash') },
          ...(isGrid || region.level === 'building'
            ? [{ key: 'community', label: t('regions.field.community'), children: community?.name ?? t('common.dash') }]
            : []),
          { key: 'population', label: t('stats.population'), children: formatNumber(region.population) },
          { key: 'households', label: t('stats.households'), children: formatNumber(region.households) },
          { key: 'centroid', label: t('regions.field.centroid'), children: <span className="tx-mono">{formatLngLat(region.centroid)}</span> },
        ]}
      />

      <div className="tx-mini-stats">
        {stats.map((s) => (
          <div key={s.key} className="tx-mini-stat">
            <Statistic title={s.label} value={s.value} />
          </div>
        ))}
      </div>

      <div>
        <Typography.Title level={5}>{isGrid ? t('regions.gridWorkers') : t('regions.workers')}</Typography.Title>
        {region.workers.length === 0 ? (
          <Typography.Text type="secondary">{t('regions.noWorkers')}</Typography.Text>
        ) : (
          <Flex gap={8} wrap data-testid="region-workers">
            {region.workers.map((w) => (
              <span key={`${w.userId}-${w.role}`} className="tx-worker">
                <span className="tx-worker-name">{w.displayName}</span>
                <RoleTag role={w.role} />
              </span>
            ))}
          </Flex>
        )}
      </div>

      {isGrid ? (
        <div>
          <Typography.Title level={5}>
            {t('regions.buildings')} · {formatNumber(region.buildings?.length ?? 0)}
          </Typography.Title>
          <BuildingsTable buildings={region.buildings ?? []} onSelect={onSelect} />
        </div>
      ) : region.level !== 'building' ? (
        <div>
          <Typography.Title level={5}>{t('regions.children')}</Typography.Title>
          <ChildrenTable regionId={region.id} onSelect={onSelect} />
        </div>
      ) : null}
    </Flex>
  );
}

/* ------------------------------------------------------------------ page */

export default function Regions() {
  const { t } = useTranslation();
  const params = useParams<{ id?: string }>();
  const navigate = useNavigate();
  const roots = useRegionRoots();
  const selectedId = params.id ?? roots.data?.[0]?.id ?? null;
  const detail = useRegion(selectedId);
  const map = useRegionMap(selectedId);
  const [located, setLocated] = useState<LocateState | null>(null);

  const select = useCallback(
    (id: string) => {
      if (id !== selectedId) {
        navigate(`/regions/${encodeURIComponent(id)}`);
      }
    },
    [navigate, selectedId],
  );

  const rootIds = useMemo(() => new Set((roots.data ?? []).map((r) => r.id)), [roots.data]);

  const marker: LngLat | null = located
    ? (located.result.point ?? (located.crs === 'wgs84' ? located.input : null))
    : null;

  const header = <PageHeader title={t('regions.title')} subtitle={t('regions.subtitle')} />;

  if (roots.isPending) {
    return (
      <div className="tx-page">
        {header}
        <Loading />
      </div>
    );
  }
  if (roots.isError) {
    return (
      <div className="tx-page">
        {header}
        <ErrorState error={roots.error} onRetry={() => void roots.refetch()} />
      </div>
    );
  }
  if (roots.data.length === 0) {
    return (
      <div className="tx-page">
        {header}
        <Card variant="borderless">
          <EmptyState description={t('regions.noRoots')} />
        </Card>
      </div>
    );
  }

  return (
    <div className="tx-page">
      {header}
      <div className="tx-regions">
        <Card variant="borderless" title={t('regions.tree')} className="tx-regions-tree" styles={{ body: { padding: 8 } }}>
          <RegionTree roots={roots.data} selectedId={selectedId} detail={detail.data} onSelect={select} />
        </Card>
        <Flex vertical gap={16} className="tx-regions-main">
          <Card
            variant="borderless"
            title={
              <Flex align="center" gap={8}>
                <EnvironmentOutlined />
                <span>{detail.data ? t('regions.mapOf', { name: detail.data.name }) : t('regions.map')}</span>
              </Flex>
            }
            extra={<LocateTool onLocated={setLocated} />}
            styles={{ body: { padding: 12 } }}
          >
            {located ? (
              <div style={{ marginBottom: 12 }}>
                <LocateResultView
                  state={located}
                  onOpen={(id) => select(id)}
                  onClose={() => setLocated(null)}
                />
              </div>
            ) : null}
            {map.isError ? (
              <ErrorState compact error={map.error} onRetry={() => void map.refetch()} />
            ) : (
              <Suspense fallback={<Loading minHeight={460} />}>
                <RegionMap
                  data={map.data}
                  loading={map.isFetching}
                  bbox={detail.data?.bbox}
                  onSelect={select}
                  marker={marker}
                />
              </Suspense>
            )}
          </Card>
          <Card variant="borderless" title={t('regions.detail')} data-testid={TID.regionDetail}>
            {detail.isPending ? (
              <Loading minHeight={200} />
            ) : detail.isError ? (
              <ErrorState compact error={detail.error} onRetry={() => void detail.refetch()} />
            ) : (
              <RegionDetailPanel region={detail.data} rootIds={rootIds} onSelect={select} />
            )}
          </Card>
        </Flex>
      </div>
    </div>
  );
}
