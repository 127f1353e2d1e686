import { PlusOutlined, StarFilled } from '@ant-design/icons';
import { Button, Card, Col, Flex, Progress, Row, Statistic, Tag, Timeline, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../shared/format';
import { pbMay } from '../../../shared/pb/admin-api';
import { usePbAccountability } from '../../../shared/pb/api';
import type { AccountabilityItem, CycleDetail } from '../../../shared/pb/types';
import { TID } from '../../../shared/testids';
import { EmptyState, ErrorState, Loading } from '../../components/States';
import { Thumbs } from '../appeals/common';
import { numberLabel, SmallNote, STATUS_COLORS, statusName, yuan } from './common';
import { MilestoneModal, type MilestoneTarget } from './MilestoneModal';

/** Spending against the approved cost: red once it goes over. */
export function SpendBar({ spent, cost }: { spent: number; cost: number | null }) {
  const { t } = useTranslation();
  const pct = cost ? Math.round((spent / cost) * 1000) / 10 : 0;
  return (
    <Flex vertical gap={2}>
      <Typography.Text style={{ fontSize: 12 }}>
        {t('pbAdmin.impl.spent', { spent: yuan(t, spent), cost: yuan(t, cost) })}
      </Typography.Text>
      <Progress percent={Math.min(100, pct)} format={() => `${pct}%`} size="small" status={pct > 100 ? 'exception' : 'normal'} strokeColor={pct > 100 ? undefined : '#1F5FAD'} />
    </Flex>
  );
}

/** A milestone's title, when it was recorded and what it spent, on one line; `children`: more marks after them. */
export function MilestoneHead({ title, at, spentYuan, children }: { title: string; at: string; spentYuan: number; children?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Flex gap={8} wrap align="baseline">
      <Typography.Text strong>{title}</Typography.Text>
      <SmallNote>{formatDateTime(at)}</SmallNote>
      {spentYuan ? <Tag>{t('pbAdmin.impl.milestoneSpent', { amount: yuan(t, spentYuan) })}</Tag> : null}
      {children}
    </Flex>
  );
}

function ProjectBoard({ item, canTrack, onAdd }: { item: AccountabilityItem; canTrack: boolean; onAdd: () => void }) {
  const { t } = useTranslation();
  const open = item.status === 'approved' || item.status === 'in_progress';
  return (
    <Card
      size="small"
      variant="outlined"
      title={
        <Flex gap={8} align="baseline" style={{ minWidth: 0 }}>
          <span className="tx-mono">{numberLabel(item.number)}</span>
          <Typography.Text strong ellipsis={{ tooltip: item.title }}>
            {item.title}
          </Typography.Text>
          <Tag color={STATUS_COLORS[item.status]}>{statusName(t, item.status)}</Tag>
        </Flex>
      }
      extra={
        canTrack && open ? (
          <Button size="small" type="primary" ghost icon={<PlusOutlined />} onClick={onAdd} data-testid={`${TID.pbAdmin.milestoneNew}-${item.number}`}>
            {t('pbAdmin.impl.addMilestone')}
          </Button>
        ) : null
      }
      style={{ height: '100%' }}
      data-testid="pb-board-project"
    >
      <Flex gap={16} align="flex-start" style={{ marginBottom: 12 }}>
        <div style={{ flex: 1 }}>
          <SpendBar spent={item.spentYuan} cost={item.costYuan} />
        </div>
        <div style={{ textAlign: 'right', minWidth: 90 }}>
          {item.rating ? (
            <Typography.Text>
              <StarFilled style={{ color: '#E8B04B' }} /> {item.rating.average.toFixed(1)}{' '}
              <SmallNote>{t('pbAdmin.impl.ratings', { count: item.rating.count })}</SmallNote>
            </Typography.Text>
          ) : (
            <SmallNote>{t('pbAdmin.impl.noRatings')}</SmallNote>
          )}
        </div>
      </Flex>
      {item.milestones.length === 0 ? (
        <Typography.Text type="secondary">{t('pbAdmin.impl.noMilestones')}</Typography.Text>
      ) : (
        <Timeline
          items={item.milestones.map((m, i) => ({
            key: i,
            color: item.status === 'done' && i === item.milestones.length - 1 ? 'green' : '#1F5FAD',
            content: (
              <div>
                <MilestoneHead title={m.title} at={m.at} spentYuan={m.spentYuan} />
                {m.note ? <div className="tx-prewrap" style={{ fontSize: 13 }}>{m.note}</div> : null}
                {m.photos.length ? (
                  <div style={{ marginTop: 6 }}>
                    <Thumbs ids={m.photos} size={56} />
                  </div>
                ) : null}
              </div>
            ),
          }))}
        />
      )}
    </Card>
  );
}

/** The accountability board (like Decidim's): every approved project's progress, spending against its cost, milestones. */
export default function ImplementationTab({ detail }: { detail: CycleDetail }) {
  const { t } = useTranslation();
  const { cycle, parts } = detail;
  const board = usePbAccountability(cycle.id);
  const [target, setTarget] = useState<MilestoneTarget | null>(null);
  const canTrack = pbMay(parts, 'track', cycle.phase);

  if (board.isPending) return <Loading />;
  if (board.isError) return <ErrorState error={board.error} onRetry={() => void board.refetch()} />;
  const items = board.data;
  const cost = items.reduce((a, x) => a + (x.costYuan ?? 0), 0);
  const spent = items.reduce((a, x) => a + x.spentYuan, 0);
  const done = items.filter((x) => x.status === 'done' || x.status === 'evaluated').length;

  return (
    <Flex vertical gap={16} data-testid={TID.pbAdmin.board}>
      <Card variant="borderless">
        <Row gutter={[24, 16]}>
          <Col xs={12} md={6}>
            <Statistic title={t('pbAdmin.impl.projects')} value={items.length} />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title={t('pbAdmin.impl.done')} value={done} suffix={`/ ${items.length}`} />
          </Col>
          <Col xs={24} md={12}>
            <Typography.Text type="secondary">{t('pbAdmin.impl.spending')}</Typography.Text>
            <SpendBar spent={spent} cost={cost || null} />
          </Col>
        </Row>
        {!canTrack && ['approval', 'publicity'].includes(cycle.phase) ? (
          <SmallNote>{t('pbAdmin.impl.notYet')}</SmallNote>
        ) : null}
      </Card>
      {items.length === 0 ? (
        <Card variant="borderless">
          <EmptyState description={t('pbAdmin.impl.empty')} />
        </Card>
      ) : (
        <Row gutter={[16, 16]}>
          {items.map((x) => (
            <Col key={x.id} xs={24} xl={12}>
              <ProjectBoard item={x} canTrack={canTrack} onAdd={() => setTarget({ id: x.id, number: x.number, title: x.title })} />
            </Col>
          ))}
        </Row>
      )}
      <MilestoneModal project={target} onClose={() => setTarget(null)} />
    </Flex>
  );
}
