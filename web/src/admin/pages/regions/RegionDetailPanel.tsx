import { Breadcrumb, Descriptions, Flex, Statistic, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatLngLat, formatNumber } from '../../../shared/format';
import { levelLabel } from '../../../shared/roles';
import type { RegionDetail } from '../../../shared/types';
import { RoleTag } from '../../components/RoleTags';
import { BuildingsTable } from './BuildingsTable';
import { ChildrenTable } from './ChildrenTable';
import { ExportButton } from './ExportButton';
import { LevelTag } from './LevelTag';

/** The detail panel of the selected region: ancestors, facts, counts, workers, and its children or buildings. */
export function RegionDetailPanel({
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
