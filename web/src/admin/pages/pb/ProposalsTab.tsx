import { CommentOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Segmented, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { pbMay } from '../../../shared/pb/admin-api';
import type { CycleDetail, PbProjectStatus, ProjectSummary } from '../../../shared/pb/types';
import { TID } from '../../../shared/testids';
import { numberLabel, ProjectStatusTag, SmallNote, yuan } from './common';
import { MeetingsCard } from './MeetingsCard';
import { ProposeDrawer } from './ProposeDrawer';
import { ReviewDrawer } from './ReviewDrawer';

type Filter = 'all' | 'proposed' | 'on_ballot' | 'rejected' | 'merged' | 'counted';

const FILTERS: Record<Filter, readonly PbProjectStatus[] | null> = {
  all: null,
  proposed: ['proposed'],
  on_ballot: ['on_ballot'],
  rejected: ['rejected'],
  merged: ['merged'],
  counted: ['selected', 'not_selected', 'approved', 'in_progress', 'done', 'evaluated'],
};

/** Every proposal of the cycle, their review, proposals entered for units, and the deliberation meetings. */
export default function ProposalsTab({ detail }: { detail: CycleDetail }) {
  const { t } = useTranslation();
  const { cycle, parts, projects } = detail;
  const [filter, setFilter] = useState<Filter>('all');
  const [open, setOpen] = useState<string | null>(null);
  const [proposing, setProposing] = useState(false);
  const canPropose = pbMay(parts, 'propose', cycle.phase);
  const canReview = pbMay(parts, 'review', cycle.phase);

  const shown = useMemo(() => {
    const s = FILTERS[filter];
    return s ? projects.filter((p) => s.includes(p.status)) : projects;
  }, [projects, filter]);
  const onBallot = projects.filter((p) => p.status === 'on_ballot');
  const ballotCost = onBallot.reduce((a, p) => a + (p.costYuan ?? 0), 0);
  const counts = (f: Filter) => {
    const s = FILTERS[f];
    return s ? projects.filter((p) => s.includes(p.status)).length : projects.length;
  };

  const columns: TableColumnsType<ProjectSummary> = [
    { key: 'number', title: '#', width: 56, render: (_, p) => <span className="tx-mono">{numberLabel(p.number)}</span> },
    {
      key: 'title',
      title: t('pbAdmin.proposals.col.title'),
      render: (_, p) => (
        <Flex vertical gap={2}>
          <Typography.Text strong>{p.title}</Typography.Text>
          {p.summary ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis={{ tooltip: p.summary }}>
              {p.summary}
            </Typography.Text>
          ) : null}
          {p.address ? (
            <SmallNote>{p.address}</SmallNote>
          ) : null}
        </Flex>
      ),
    },
    {
      key: 'proposer',
      title: t('pbAdmin.proposals.col.proposer'),
      width: 170,
      render: (_, p) => (
        <Flex vertical gap={2} align="flex-start">
          <Tag>{t(`pbAdmin.proposerKind.${p.proposerKind}`)}</Tag>
          {p.proposerName ? <Typography.Text style={{ fontSize: 12 }}>{p.proposerName}</Typography.Text> : null}
        </Flex>
      ),
    },
    { key: 'estimate', title: t('pbAdmin.proposals.col.estimate'), align: 'right', width: 120, render: (_, p) => yuan(t, p.estimatedCostYuan) },
    {
      key: 'cost',
      title: t('pbAdmin.proposals.col.cost'),
      align: 'right',
      width: 120,
      render: (_, p) => (p.costYuan === null ? <Typography.Text type="secondary">—</Typography.Text> : <Typography.Text strong>{yuan(t, p.costYuan)}</Typography.Text>),
    },
    { key: 'department', title: t('pbAdmin.proposals.col.department'), width: 140, render: (_, p) => p.departmentName ?? <Typography.Text type="secondary">—</Typography.Text> },
    { key: 'status', title: t('pbAdmin.proposals.col.status'), width: 150, render: (_, p) => <ProjectStatusTag project={p} /> },
    {
      key: 'comments',
      title: <CommentOutlined aria-label={t('pbAdmin.proposals.col.comments')} />,
      align: 'right',
      width: 56,
      render: (_, p) => (p.commentCount ? p.commentCount : <Typography.Text type="secondary">0</Typography.Text>),
    },
    {
      key: 'actions',
      title: t('common.actions'),
      width: 96,
      fixed: 'right',
      render: (_, p) => (
        <Button
          size="small"
          type={canReview && p.status === 'proposed' ? 'primary' : 'default'}
          onClick={(e) => {
            e.stopPropagation();
            setOpen(p.id);
          }}
          data-testid={`${TID.pbAdmin.review}-${p.number}`}
        >
          {canReview && ['proposed', 'on_ballot', 'rejected'].includes(p.status) ? t('pbAdmin.proposals.review') : t('pbAdmin.proposals.view')}
        </Button>
      ),
    },
  ];

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card variant="borderless">
        <Flex gap={12} wrap align="center" justify="space-between" style={{ marginBottom: 16 }}>
          <Segmented<Filter>
            value={filter}
            onChange={setFilter}
            options={(Object.keys(FILTERS) as Filter[]).map((f) => ({ value: f, label: `${t(`pbAdmin.proposals.filter.${f}`)} ${counts(f)}` }))}
          />
          <Flex gap={12} align="center">
            <Typography.Text type="secondary" data-testid="pb-ballot-total">
              {t('pbAdmin.proposals.ballotTotal', { count: onBallot.length, cost: yuan(t, ballotCost), budget: yuan(t, cycle.budgetYuan) })}
            </Typography.Text>
            {canPropose ? (
              <Button icon={<PlusOutlined />} onClick={() => setProposing(true)} data-testid={TID.pbAdmin.proposeNew}>
                {t('pbAdmin.propose.button')}
              </Button>
            ) : null}
          </Flex>
        </Flex>
        {canReview ? <Typography.Paragraph type="secondary">{t('pbAdmin.proposals.reviewHint')}</Typography.Paragraph> : null}
        <Table<ProjectSummary>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={shown}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          onRow={(p) => ({ onClick: () => setOpen(p.id), style: { cursor: 'pointer' } })}
          locale={{ emptyText: t('pbAdmin.proposals.empty') }}
          scroll={{ x: 1100 }}
          data-testid={TID.pbAdmin.projectsTable}
        />
      </Card>
      <MeetingsCard detail={detail} />
      <ReviewDrawer detail={detail} projectId={open} onClose={() => setOpen(null)} />
      <ProposeDrawer cycleId={cycle.id} open={proposing} onClose={() => setProposing(false)} />
    </Space>
  );
}
