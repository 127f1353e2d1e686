import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Select, Table, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { useMe } from '../../../shared/auth';
import { formatDate } from '../../../shared/format';
import { usePbCycles } from '../../../shared/pb/api';
import { PB_PHASES, type CycleListItem, type CycleListQuery, type PbPhase } from '../../../shared/pb/types';
import { hasAnyRole } from '../../../shared/roles';
import { TID } from '../../../shared/testids';
import { PageHeader } from '../../components/PageHeader';
import { RegionTreeSelect } from '../../components/RegionTreeSelect';
import { ErrorState } from '../../components/States';
import { dateRange, phaseName, PhaseTag, SmallNote, yuan } from './common';
import { NewCycleDrawer } from './NewCycleDrawer';

/** Who opens cycles: the secretaries and administrators above a community or street. */
const PB_ORGANISER_ROLES = ['admin', 'street_admin', 'community_admin'] as const;

function isPhase(v: string | null): v is PbPhase {
  return !!v && (PB_PHASES as readonly string[]).includes(v);
}

/** `/pb`: the cycles of my area, newest first; secretaries open new ones here. */
export default function Cycles() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const [creating, setCreating] = useState(false);
  const regionId = params.get('region') ?? undefined;
  const phaseParam = params.get('phase');
  const phase = isPhase(phaseParam) ? phaseParam : undefined;
  const query: CycleListQuery = { ...(regionId ? { regionId } : {}), ...(phase ? { phase } : {}) };
  const cycles = usePbCycles(query);
  const organiser = hasAnyRole(me, PB_ORGANISER_ROLES);

  const setParam = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };

  const columns: TableColumnsType<CycleListItem> = [
    {
      key: 'title',
      title: t('pbAdmin.list.col.title'),
      render: (_, c) => (
        <Flex vertical gap={2}>
          <Link to={`/pb/${c.id}`} onClick={(e) => e.stopPropagation()}>
            <Typography.Text strong>{c.title}</Typography.Text>
          </Link>
          <SmallNote>{c.regionName}</SmallNote>
        </Flex>
      ),
    },
    { key: 'phase', title: t('pbAdmin.list.col.phase'), width: 110, render: (_, c) => <PhaseTag phase={c.phase} /> },
    {
      key: 'dates',
      title: t('pbAdmin.list.col.dates'),
      width: 200,
      render: (_, c) => <span className="tx-mono" style={{ fontSize: 12 }}>{dateRange(c.phaseDates[c.phase])}</span>,
    },
    { key: 'budget', title: t('pbAdmin.list.col.budget'), align: 'right', width: 140, render: (_, c) => yuan(t, c.budgetYuan) },
    {
      key: 'method',
      title: t('pbAdmin.list.col.method'),
      width: 220,
      render: (_, c) => (
        <Flex vertical gap={2}>
          <span>{t(`pbAdmin.ruleShort.${c.rule}`)}</span>
          <SmallNote>
            {c.voteType === 'cumulative' ? t('pbAdmin.list.cumulative', { points: c.pointsPerVoter ?? 0 }) : t('pbAdmin.voteType.approval')} ·{' '}
            {t(`pbAdmin.voterBasis.${c.voterBasis}`)}
          </SmallNote>
        </Flex>
      ),
    },
    { key: 'projects', title: t('pbAdmin.list.col.projects'), align: 'right', width: 90, render: (_, c) => c.projectCount },
    {
      key: 'result',
      title: t('pbAdmin.list.col.result'),
      width: 180,
      render: (_, c) =>
        c.publishedAt ? (
          t('pbAdmin.list.published', { date: formatDate(c.publishedAt) })
        ) : c.countedAt ? (
          t('pbAdmin.list.counted', { date: formatDate(c.countedAt) })
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('pbAdmin.list.title')}
        subtitle={t('pbAdmin.list.subtitle')}
        extra={
          organiser ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid={TID.pbAdmin.cycleNew}>
              {t('pbAdmin.list.new')}
            </Button>
          ) : null
        }
      />
      <Card variant="borderless">
        <Flex gap={12} wrap align="center" style={{ marginBottom: 16 }}>
          <RegionTreeSelect value={regionId} onChange={(v) => setParam('region', v)} placeholder={t('pbAdmin.list.filterRegion')} style={{ width: 240 }} />
          <Select<PbPhase>
            allowClear
            value={phase}
            onChange={(v) => setParam('phase', v)}
            placeholder={t('pbAdmin.list.filterPhase')}
            style={{ width: 160 }}
            options={PB_PHASES.map((p) => ({ value: p, label: phaseName(t, p) }))}
          />
          <Button icon={<ReloadOutlined />} onClick={() => void cycles.refetch()} loading={cycles.isFetching} style={{ marginInlineStart: 'auto' }}>
            {t('pbAdmin.refresh')}
          </Button>
        </Flex>
        {cycles.isError ? (
          <ErrorState error={cycles.error} onRetry={() => void cycles.refetch()} compact />
        ) : (
          <Table<CycleListItem>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={cycles.data ?? []}
            loading={cycles.isLoading}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            onRow={(c) => ({ onClick: () => navigate(`/pb/${c.id}`), style: { cursor: 'pointer' } })}
            locale={{ emptyText: organiser ? t('pbAdmin.list.emptyOrganiser') : t('pbAdmin.list.empty') }}
            data-testid={TID.pbAdmin.cyclesTable}
          />
        )}
      </Card>
      <NewCycleDrawer open={creating} onClose={() => setCreating(false)} onCreated={(id) => navigate(`/pb/${id}`)} />
    </>
  );
}
