import { CheckOutlined, CloseOutlined, PlusOutlined, QrcodeOutlined, ReloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Drawer, Flex, Popconfirm, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { errorMessage } from '../../../shared/api';
import {
  useActivities,
  useAttendance,
  useEndActivity,
  usePublishActivity,
  useReviewActivity,
  type Activity,
  type AttendanceItem,
} from '../../../shared/activities/api';
import { formatDateTime } from '../../../shared/format';
import { TID } from '../../../shared/testids';
import { PageHeader } from '../../components/PageHeader';
import { ErrorState } from '../../components/States';
import { ActivityStatusTag, timeRange } from './common';
import { NewActivityDrawer } from './NewActivityDrawer';

function AttendanceDrawer({ activity, onClose }: { activity: Activity | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const q = useAttendance(activity?.id);
  const review = useReviewActivity();
  const reviewable = !!activity && (activity.status === 'ended' || activity.status === 'reviewed' || new Date(activity.endsAt).getTime() <= Date.now());

  const decide = (item: AttendanceItem, outcome: 'approved' | 'absent') => {
    if (!activity) return;
    review.mutate(
      { id: activity.id, body: { participants: [{ userId: item.userId, outcome }] } },
      {
        onSuccess: () => void message.success(t('activities.admin.review.done')),
        onError: (e) => void message.error(errorMessage(e)),
      },
    );
  };

  const columns: TableColumnsType<AttendanceItem> = [
    { key: 'name', title: t('activities.admin.review.name'), render: (_, r) => r.displayName },
    {
      key: 'status',
      title: t('activities.admin.review.status'),
      width: 110,
      render: (_, r) => (r.status === 'waiting' ? t('activities.mine.waitingPlain') : t(`activities.mine.${r.status}`)),
    },
    { key: 'in', title: t('activities.admin.review.checkIn'), width: 150, render: (_, r) => formatDateTime(r.checkedInAt) },
    { key: 'out', title: t('activities.admin.review.checkOut'), width: 150, render: (_, r) => formatDateTime(r.checkedOutAt) },
    { key: 'minutes', title: t('activities.admin.review.minutes'), width: 110, render: (_, r) => r.approvedMinutes ?? r.serviceMinutes ?? '—' },
    {
      key: 'outcome',
      title: t('activities.admin.review.outcome'),
      width: 190,
      render: (_, r) =>
        r.review !== 'pending' || r.status !== 'signed_up' ? (
          r.status === 'signed_up' ? (
            <Tag color={r.review === 'approved' ? 'green' : 'default'} data-review={r.review}>
              {t(`activities.mine.reviewState.${r.review}`)}
              {r.points ? ` +${r.points}` : ''}
            </Tag>
          ) : null
        ) : (
          <Space>
            <Button size="small" type="primary" icon={<CheckOutlined />} disabled={!reviewable} loading={review.isPending} onClick={() => decide(r, 'approved')} data-testid={`${TID.activitiesAdmin.approve}-${r.userId}`}>
              {t('activities.admin.review.approve')}
            </Button>
            <Button size="small" icon={<CloseOutlined />} disabled={!reviewable} onClick={() => decide(r, 'absent')} data-testid={`${TID.activitiesAdmin.absent}-${r.userId}`}>
              {t('activities.admin.review.absent')}
            </Button>
          </Space>
        ),
    },
  ];

  return (
    <Drawer open={!!activity} onClose={onClose} size={960} title={activity ? t('activities.admin.review.title', { title: activity.title }) : ''} destroyOnHidden>
      {!reviewable ? <Typography.Paragraph type="secondary">{t('activities.admin.review.notYet')}</Typography.Paragraph> : null}
      {q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} compact />
      ) : (
        <Table<AttendanceItem>
          rowKey="id"
          size="middle"
          loading={q.isPending}
          columns={columns}
          dataSource={q.data?.items ?? []}
          pagination={false}
          locale={{ emptyText: t('activities.admin.review.empty') }}
          data-testid={TID.activitiesAdmin.attendanceTable}
        />
      )}
    </Drawer>
  );
}

/** `/activities`: the activities of my area; create, publish, end, the check-in QR screen, attendance review. */
export default function Activities() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const q = useActivities();
  const publish = usePublishActivity();
  const end = useEndActivity();
  const [creating, setCreating] = useState(false);
  const [reviewing, setReviewing] = useState<Activity | null>(null);

  const run = (m: typeof publish, id: string, done: string) =>
    m.mutate(id, { onSuccess: () => void message.success(done), onError: (e) => void message.error(errorMessage(e)) });

  const columns: TableColumnsType<Activity> = [
    {
      key: 'title',
      title: t('activities.admin.col.title'),
      render: (_, a) => (
        <Flex vertical gap={2}>
          <Typography.Text strong>{a.title}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t(`activities.organiserKind.${a.organiserKind}`)} · {a.venue}
          </Typography.Text>
        </Flex>
      ),
    },
    { key: 'time', title: t('activities.admin.col.time'), width: 220, render: (_, a) => timeRange(a) },
    { key: 'status', title: t('activities.admin.col.status'), width: 100, render: (_, a) => <ActivityStatusTag status={a.status} /> },
    {
      key: 'places',
      title: t('activities.admin.col.places'),
      width: 140,
      render: (_, a) => (
        <span>
          {a.signedUp} / {a.capacity}
          {a.waiting ? <Typography.Text type="secondary"> · {t('activities.waitingCount', { count: a.waiting })}</Typography.Text> : null}
        </span>
      ),
    },
    {
      key: 'actions',
      title: t('activities.admin.col.actions'),
      width: 340,
      render: (_, a) => (
        <Space size={4} wrap>
          {a.status === 'draft' ? (
            <Button size="small" type="primary" loading={publish.isPending} onClick={() => run(publish, a.id, t('activities.admin.published'))} data-testid={`${TID.activitiesAdmin.publish}-${a.id}`}>
              {t('activities.admin.publish')}
            </Button>
          ) : null}
          {a.status === 'published' || a.status === 'started' ? (
            <>
              <Button size="small" icon={<QrcodeOutlined />} onClick={() => navigate(`/activities/${a.id}/qr`)} data-testid={`${TID.activitiesAdmin.qrOpen}-${a.id}`}>
                {t('activities.admin.qr')}
              </Button>
              <Popconfirm title={t('activities.admin.endConfirm')} onConfirm={() => run(end, a.id, t('activities.admin.ended'))}>
                <Button size="small" danger data-testid={`${TID.activitiesAdmin.end}-${a.id}`}>
                  {t('activities.admin.end')}
                </Button>
              </Popconfirm>
            </>
          ) : null}
          {a.status !== 'draft' && a.status !== 'cancelled' ? (
            <Button size="small" onClick={() => setReviewing(a)} data-testid={`${TID.activitiesAdmin.attendanceOpen}-${a.id}`}>
              {t('activities.admin.attendance')}
            </Button>
          ) : null}
        </Space>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('activities.admin.listTitle')}
        subtitle={t('activities.admin.listSubtitle')}
        extra={
          <Space>
            <Button icon={<ReloadOutlined />} onClick={() => void q.refetch()} aria-label={t('common.retry')} />
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid={TID.activitiesAdmin.create}>
              {t('activities.admin.create')}
            </Button>
          </Space>
        }
      />
      <Card>
        {q.isError ? (
          <ErrorState error={q.error} onRetry={() => void q.refetch()} />
        ) : (
          <Table<Activity>
            rowKey="id"
            loading={q.isPending}
            columns={columns}
            dataSource={q.data ?? []}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            data-testid={TID.activitiesAdmin.table}
            onRow={(a) => ({ 'data-activity-id': a.id }) as React.HTMLAttributes<HTMLTableRowElement>}
          />
        )}
      </Card>
      <NewActivityDrawer open={creating} onClose={() => setCreating(false)} />
      <AttendanceDrawer activity={reviewing} onClose={() => setReviewing(null)} />
    </>
  );
}
