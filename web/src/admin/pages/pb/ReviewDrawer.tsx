import { Alert, Card, Descriptions, Drawer, Flex, Space, Typography, type DescriptionsProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatLngLat } from '../../../shared/format';
import { pbMay } from '../../../shared/pb/admin-api';
import { usePbProject } from '../../../shared/pb/api';
import type { CycleDetail } from '../../../shared/pb/types';
import { TID } from '../../../shared/testids';
import { ErrorState, Loading } from '../../components/States';
import { Thumbs } from '../appeals/common';
import { CommentsPanel } from './CommentsPanel';
import { numberLabel, ProjectStatusTag, yuan } from './common';
import { MergeForm } from './MergeForm';
import { ReviewForm } from './ReviewForm';

/** One proposal: what it says, the review decision (ballot with official cost and department, or rejection), merging, and its comments. */
export function ReviewDrawer({ detail, projectId, onClose }: { detail: CycleDetail; projectId: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const summary = detail.projects.find((p) => p.id === projectId) ?? null;
  const project = usePbProject(projectId ?? undefined);
  const canReview = pbMay(detail.parts, 'review', detail.cycle.phase);
  const p = project.data?.project;

  const items: NonNullable<DescriptionsProps['items']> = p
    ? [
        { key: 'status', label: t('pbAdmin.proposals.col.status'), children: <ProjectStatusTag project={p} /> },
        {
          key: 'proposer',
          label: t('pbAdmin.proposals.col.proposer'),
          children: `${t(`pbAdmin.proposerKind.${p.proposerKind}`)}${p.proposerName ? ` · ${p.proposerName}` : ''}`,
        },
        { key: 'estimate', label: t('pbAdmin.proposals.col.estimate'), children: yuan(t, p.estimatedCostYuan) },
        { key: 'cost', label: t('pbAdmin.proposals.col.cost'), children: yuan(t, p.costYuan) },
        { key: 'department', label: t('pbAdmin.proposals.col.department'), children: p.departmentName ?? '—' },
        {
          key: 'address',
          label: t('pbAdmin.proposals.address'),
          children: [p.address, p.point ? formatLngLat([p.point.lng, p.point.lat]) : null].filter(Boolean).join(' · ') || '—',
        },
        ...(p.rejectionReason ? [{ key: 'reason', label: t('pbAdmin.review.reason'), children: p.rejectionReason, span: 'filled' as const }] : []),
        { key: 'description', label: t('pbAdmin.proposals.description'), children: <div className="tx-prewrap">{p.description}</div>, span: 'filled' as const },
        ...(p.photos.length ? [{ key: 'photos', label: t('pbAdmin.proposals.photos'), children: <Thumbs ids={p.photos} size={80} />, span: 'filled' as const }] : []),
      ]
    : [];

  return (
    <Drawer
      open={!!projectId}
      onClose={onClose}
      size={720}
      destroyOnHidden
      title={summary ? `${numberLabel(summary.number)} ${summary.title}` : t('pbAdmin.review.title')}
      data-testid={TID.pbAdmin.reviewDrawer}
    >
      {project.isPending ? (
        <Loading />
      ) : project.isError ? (
        <ErrorState error={project.error} onRetry={() => void project.refetch()} compact />
      ) : p ? (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <Descriptions column={2} size="small" bordered items={items} styles={{ label: { whiteSpace: 'nowrap', width: 96 } }} />
          {canReview && ['proposed', 'on_ballot', 'rejected'].includes(p.status) ? (
            <Card size="small" title={t('pbAdmin.review.title')}>
              <ReviewForm cycleId={detail.cycle.id} project={p} />
            </Card>
          ) : !canReview && p.status === 'proposed' ? (
            <Alert type="info" showIcon title={t('pbAdmin.review.notNow')} />
          ) : null}
          {canReview && ['proposed', 'on_ballot'].includes(p.status) ? (
            <Card size="small" title={t('pbAdmin.merge.title')}>
              <MergeForm detail={detail} project={p} onMerged={onClose} />
            </Card>
          ) : null}
          <Card
            size="small"
            title={
              <Flex gap={8} align="center">
                {t('pbAdmin.comments.title')}
                <Typography.Text type="secondary" style={{ fontWeight: 'normal', fontSize: 12 }}>
                  {t('pbAdmin.comments.hint')}
                </Typography.Text>
              </Flex>
            }
          >
            <CommentsPanel cycleId={detail.cycle.id} projectId={p.id} canDecide={canReview} />
          </Card>
        </Space>
      ) : null}
    </Drawer>
  );
}
