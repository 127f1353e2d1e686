import { Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatLngLat } from '../../../shared/format';
import type { LngLat, RegionBuilding } from '../../../shared/types';
import { EmptyState } from '../../components/States';

/** The buildings of a grid; a click on a row selects it. */
export function BuildingsTable({ buildings, onSelect }: { buildings: RegionBuilding[]; onSelect: (id: string) => void }) {
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
