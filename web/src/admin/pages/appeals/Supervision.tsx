import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Flex, Segmented, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { api } from '../../../shared/api';
import {
  isMissingRoute,
  SUPERVISION_REASONS,
  useAppeals,
  type Appeal,
  type SupervisionItem,
  type SupervisionReason,
} from '../../../shared/appeals';
import { formatDateTime } from '../../../shared/format';
import { PageHeader } from '../../components/PageHeader';
import { ErrorState } from '../../components/States';
import { clickableRows, RefreshAndTotal, useCaseColumns } from './case-columns';
import { StatusTag, SupervisionTag } from './common';

const PAGE_SIZE = 50;

const REASON_COLORS: Record<SupervisionReason, string> = { supervised: 'volcano', overdue: 'red', bounced: 'orange', unsatisfied: 'magenta' };

/** When the supervision-list route is missing: the cases marked as supervised, from the ordinary list. */
function Fallback() {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const list = useAppeals({ supervised: 'true', page, pageSize: 20 });
  const columns = useCaseColumns();
  return (
    <>
      <Alert type="info" showIcon title={t('appeals.supervisionPage.listUnavailable')} style={{ marginBottom: 16 }} />
      {list.isError ? (
        <ErrorState compact error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<Appeal>
          rowKey="id"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.isFetching}
          scroll={{ x: 1100 }}
          locale={{ emptyText: t('appeals.supervisionPage.empty') }}
          pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
        />
      )}
    </>
  );
}

export default function Supervision() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [reason, setReason] = useState<SupervisionReason | 'all'>('all');
  const [page, setPage] = useState(1);
  const list = useQuery({
    queryKey: ['appeals', 'supervision-list', reason, page],
    queryFn: () =>
      api.get<{ items: SupervisionItem[]; total: number }>('/api/appeals/supervision-list', {
        reason: reason === 'all' ? undefined : reason,
        page,
        pageSize: PAGE_SIZE,
      }),
    placeholderData: (prev) => prev,
  });

  const columns: TableColumnsType<SupervisionItem> = [
    {
      title: t('appeals.field.number'),
      dataIndex: 'number',
      width: 170,
      render: (n: string, a) => (
        <Link to={`/appeals/${a.id}`} className="tx-mono tx-nowrap">
          {n}
        </Link>
      ),
    },
    { title: t('appeals.field.title'), dataIndex: 'title', width: 240 },
    {
      title: t('appeals.supervisionPage.reasons'),
      dataIndex: 'reasons',
      width: 160,
      render: (rs: SupervisionReason[]) => (
        <Flex gap={2} wrap>
          {rs.map((r) => (
            <Tag key={r} color={REASON_COLORS[r]}>
              {t(`appeals.supervisionPage.reason.${r}`)}
            </Tag>
          ))}
        </Flex>
      ),
    },
    {
      title: t('appeals.supervisionPage.level'),
      dataIndex: 'supervision',
      width: 110,
      render: (s: SupervisionItem['supervision']) => (s ? <SupervisionTag level={s} /> : <span className="tx-muted">—</span>),
    },
    { title: t('appeals.field.status'), dataIndex: 'status', width: 110, render: (s: SupervisionItem['status']) => <StatusTag status={s} /> },
    { title: t('appeals.field.grid'), dataIndex: 'gridName', width: 140, render: (v: string | null) => v ?? '—' },
    { title: t('appeals.supervisionPage.department'), dataIndex: 'departmentName', width: 150, render: (v: string | null) => v ?? '—' },
    { title: t('appeals.field.bounceCount'), dataIndex: 'bounceCount', width: 96, align: 'right' },
    {
      title: t('appeals.field.dueBy'),
      dataIndex: 'dueBy',
      width: 160,
      render: (v: string | null, a) => (
        <Flex vertical>
          <span>{formatDateTime(v)}</span>
          {a.overdueAt ? (
            <Typography.Text type="danger" style={{ fontSize: 12 }}>
              {t('appeals.deadline.overdue')} · {formatDateTime(a.overdueAt)}
            </Typography.Text>
          ) : null}
        </Flex>
      ),
    },
  ];

  const missing = list.isError && isMissingRoute(list.error);

  return (
    <div className="tx-page">
      <PageHeader title={t('appeals.supervisionPage.title')} subtitle={t('appeals.supervisionPage.subtitle')} />
      <Card variant="borderless">
        {missing ? (
          <Fallback />
        ) : (
          <>
            <Flex gap={12} wrap align="center" className="tx-filters">
              <Segmented<SupervisionReason | 'all'>
                value={reason}
                onChange={(v) => {
                  setReason(v);
                  setPage(1);
                }}
                options={[
                  { value: 'all', label: t('appeals.supervisionPage.all') },
                  ...SUPERVISION_REASONS.map((r) => ({ value: r, label: t(`appeals.supervisionPage.reason.${r}`) })),
                ]}
              />
              <RefreshAndTotal list={list} />
            </Flex>
            {list.isError ? (
              <ErrorState compact error={list.error} onRetry={() => void list.refetch()} />
            ) : (
              <Table<SupervisionItem>
                rowKey="id"
                columns={columns}
                dataSource={list.data?.items ?? []}
                loading={list.isFetching}
                scroll={{ x: 1150 }}
                data-testid="supervision-table"
                locale={{ emptyText: t('appeals.supervisionPage.empty') }}
                {...clickableRows(navigate)}
                pagination={{ current: page, pageSize: PAGE_SIZE, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
              />
            )}
          </>
        )}
      </Card>
    </div>
  );
}
