import { ReloadOutlined } from '@ant-design/icons';
import { Button, Flex, Typography, type TableColumnsType } from 'antd';
import type { HTMLAttributes } from 'react';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, type NavigateFunction } from 'react-router-dom';
import type { Appeal } from '../../../shared/appeals';
import { formatDateTime } from '../../../shared/format';
import { AreaNames, CategoryPath, DeadlineBadge, HandlerNames, ModeTag, PendingTag, StatusTag, SupervisionTag, UrgencyTag } from './common';

/*
 * What the case lists (Cases, Supervision) share: the columns of a list of cases, the refresh button and total at
 * the end of the filter bar, and rows that open the case when clicked.
 */

/** The list's columns, names rather than ids; the receipt time under the number, the supervision beside the status. */
export function useCaseColumns(): TableColumnsType<Appeal> {
  const { t } = useTranslation();
  return useMemo(
    () => [
      {
        title: t('appeals.field.number'),
        dataIndex: 'number',
        width: 160,
        render: (n: string, a) => (
          <Flex vertical gap={0}>
            <Link to={`/appeals/${a.id}`} className="tx-mono tx-nowrap" data-testid="case-link">
              {n}
            </Link>
            <Typography.Text type="secondary" style={{ fontSize: 12 }} className="tx-nowrap">
              {formatDateTime(a.receivedAt)}
            </Typography.Text>
          </Flex>
        ),
      },
      {
        title: t('appeals.field.title'),
        dataIndex: 'title',
        minWidth: 200,
        render: (title: string, a) => (
          <Flex gap={4} align="center" wrap>
            <span>{title}</span>
            <UrgencyTag urgency={a.urgency} />
            <PendingTag pending={a.pendingRequest} />
          </Flex>
        ),
      },
      { title: t('appeals.field.category'), dataIndex: 'categoryPath', width: 130, render: (path: string[] | undefined) => <CategoryPath path={path} last /> },
      { title: t('appeals.field.area'), key: 'area', width: 170, render: (_: unknown, a) => <AreaNames appeal={a} /> },
      { title: t('appeals.cases.handler'), key: 'handler', width: 150, render: (_: unknown, a) => <HandlerNames appeal={a} /> },
      {
        title: t('appeals.field.status'),
        dataIndex: 'status',
        width: 150,
        render: (_: unknown, a) => (
          <Flex gap={2} wrap>
            <StatusTag status={a.status} />
            <ModeTag mode={a.mode} />
            <SupervisionTag level={a.supervision} />
          </Flex>
        ),
      },
      { title: t('appeals.field.deadline'), key: 'deadline', width: 160, render: (_: unknown, a) => <DeadlineBadge appeal={a} /> },
    ],
    [t],
  );
}

/** The refresh button and the total, at the end of a list's filter bar. */
export function RefreshAndTotal({ list }: { list: { refetch: () => unknown; isFetching: boolean; data: { total: number } | undefined } }) {
  const { t } = useTranslation();
  return (
    <>
      <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()} loading={list.isFetching}>
        {t('appeals.detail.refresh')}
      </Button>
      <Typography.Text type="secondary" style={{ marginInlineStart: 'auto' }}>
        {list.data ? t('common.total', { total: list.data.total }) : null}
      </Typography.Text>
    </>
  );
}

/** Table props: a click on a row (not on a link in it) opens the case. */
export function clickableRows(navigate: NavigateFunction) {
  return {
    rowClassName: () => 'tx-clickable-row',
    onRow: (a: { id: string }): HTMLAttributes<HTMLElement> => ({
      onClick: (e) => {
        if ((e.target as HTMLElement).closest('a')) return;
        navigate(`/appeals/${a.id}`);
      },
    }),
  };
}
