import { useQuery } from '@tanstack/react-query';
import { Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../../shared/format';
import { fetchChildren, regionKeys } from '../../../shared/regions';
import type { RegionNode } from '../../../shared/types';
import { EmptyState, ErrorState } from '../../components/States';
import { LevelTag } from './LevelTag';

/** The child regions of a region; a click on a row selects it. */
export function ChildrenTable({ regionId, onSelect }: { regionId: string; onSelect: (id: string) => void }) {
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
