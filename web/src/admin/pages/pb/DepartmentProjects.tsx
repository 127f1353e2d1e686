import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Table, Tag, Timeline, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePbDepartmentProjects, usePbProject } from '../../../shared/pb/api';
import type { DepartmentProject } from '../../../shared/pb/types';
import { TID } from '../../../shared/testids';
import { PageHeader } from '../../components/PageHeader';
import { ErrorState, Loading } from '../../components/States';
import { Thumbs } from '../appeals/common';
import { numberLabel, PhaseTag, ProjectStatusTag, SmallNote, statusName, yuan } from './common';
import { MilestoneHead, SpendBar } from './ImplementationTab';
import { MilestoneModal, type MilestoneTarget } from './MilestoneModal';

const TRACKING = ['implementation', 'evaluation'];

/** A project's milestones (loaded when its row is opened). */
function Progress({ project }: { project: DepartmentProject }) {
  const { t } = useTranslation();
  const view = usePbProject(project.id);
  if (view.isPending) return <Loading minHeight={60} />;
  if (view.isError) return <ErrorState error={view.error} compact />;
  const { milestones, project: p } = view.data;
  return (
    <Flex vertical gap={12} style={{ padding: '4px 8px' }}>
      <div style={{ maxWidth: 420 }}>
        <SpendBar spent={p.spentYuan} cost={p.costYuan} />
      </div>
      {milestones.length === 0 ? (
        <Typography.Text type="secondary">{t('pbAdmin.impl.noMilestones')}</Typography.Text>
      ) : (
        <Timeline
          items={milestones.map((m) => ({
            key: m.id,
            color: m.done ? 'green' : '#1F5FAD',
            content: (
              <div>
                <MilestoneHead title={m.title} at={m.createdAt} spentYuan={m.spentYuan}>
                  {m.done ? <Tag color="success">{statusName(t, 'done')}</Tag> : null}
                </MilestoneHead>
                {m.note ? <div className="tx-prewrap">{m.note}</div> : null}
                {m.photos.length ? <Thumbs ids={m.photos} size={56} /> : null}
              </div>
            ),
          }))}
        />
      )}
    </Flex>
  );
}

/** `/pb/department`: the micro-projects my department is responsible for, and their progress. */
export default function DepartmentProjects() {
  const { t } = useTranslation();
  const projects = usePbDepartmentProjects();
  const [target, setTarget] = useState<MilestoneTarget | null>(null);

  const columns: TableColumnsType<DepartmentProject> = [
    {
      key: 'cycle',
      title: t('pbAdmin.dept.cycle'),
      width: 260,
      render: (_, p) => (
        <Flex vertical gap={2} align="flex-start">
          <Typography.Text>{p.cycleTitle}</Typography.Text>
          <PhaseTag phase={p.phase} />
        </Flex>
      ),
    },
    {
      key: 'project',
      title: t('pbAdmin.dept.project'),
      render: (_, p) => (
        <Flex vertical gap={2}>
          <Typography.Text strong>
            <span className="tx-mono">{numberLabel(p.number)}</span> {p.title}
          </Typography.Text>
          {p.address ? (
            <SmallNote>{p.address}</SmallNote>
          ) : null}
        </Flex>
      ),
    },
    { key: 'department', title: t('pbAdmin.proposals.col.department'), width: 150, render: (_, p) => p.departmentName ?? '—' },
    { key: 'cost', title: t('pbAdmin.proposals.col.cost'), align: 'right', width: 120, render: (_, p) => yuan(t, p.costYuan) },
    { key: 'status', title: t('pbAdmin.proposals.col.status'), width: 110, render: (_, p) => <ProjectStatusTag project={p} /> },
    {
      key: 'act',
      title: t('common.actions'),
      width: 130,
      render: (_, p) =>
        TRACKING.includes(p.phase) && (p.status === 'approved' || p.status === 'in_progress') ? (
          <Button
            size="small"
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setTarget({ id: p.id, number: p.number, title: p.title })}
            data-testid={`${TID.pbAdmin.milestoneNew}-${p.number}`}
          >
            {t('pbAdmin.impl.addMilestone')}
          </Button>
        ) : null,
    },
  ];

  return (
    <>
      <PageHeader
        title={t('pbAdmin.dept.title')}
        subtitle={t('pbAdmin.dept.subtitle')}
        extra={
          <Button icon={<ReloadOutlined />} onClick={() => void projects.refetch()} loading={projects.isFetching}>
            {t('pbAdmin.refresh')}
          </Button>
        }
      />
      <Card variant="borderless">
        {projects.isError ? (
          <ErrorState error={projects.error} onRetry={() => void projects.refetch()} compact />
        ) : (
          <Table<DepartmentProject>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={projects.data ?? []}
            loading={projects.isPending}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            expandable={{ expandedRowRender: (p) => <Progress project={p} />, rowExpandable: (p) => ['approved', 'in_progress', 'done', 'evaluated'].includes(p.status) }}
            locale={{ emptyText: t('pbAdmin.dept.empty') }}
            data-testid={TID.pbAdmin.departmentTable}
          />
        )}
      </Card>
      <MilestoneModal project={target} onClose={() => setTarget(null)} />
    </>
  );
}
