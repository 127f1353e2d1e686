import { EnvironmentOutlined } from '@ant-design/icons';
import { Card, Flex } from 'antd';
import { lazy, Suspense, useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { useRegion, useRegionMap, useRegionRoots } from '../../shared/regions';
import { TID } from '../../shared/testids';
import type { LngLat } from '../../shared/types';
import { PageHeader } from '../components/PageHeader';
import { EmptyState, ErrorState, Loading } from '../components/States';
import type { LocateState } from './regions/locate';
import { LocateResultView } from './regions/LocateResultView';
import { LocateTool } from './regions/LocateTool';
import { RegionDetailPanel } from './regions/RegionDetailPanel';
import { RegionTree } from './regions/RegionTree';

const RegionMap = lazy(() => import('./RegionMap'));

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
