import { PlusOutlined, SafetyCertificateFilled } from '@ant-design/icons';
import type { UseQueryResult } from '@tanstack/react-query';
import { Alert, Button, Flex, Table, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../shared/api';
import { formatDateTime } from '../../../shared/format';
import { TID } from '../../../shared/testids';
import type { Grant, Page, User, UserStatus } from '../../../shared/types';
import { GrantTags } from '../../components/RoleTags';
import { EmptyState, ErrorState } from '../../components/States';
import { StatusTags } from './StatusTags';
import type { UserActions } from './useUserActions';
import { UserRowActions } from './UserRowActions';

/** The paged user list (or its error), with the row actions. */
export function UsersTable({
  list,
  page,
  pageSize,
  onPageChange,
  filtered,
  actions,
  onCreate,
  onEdit,
  onGrants,
}: {
  list: UseQueryResult<Page<User>>;
  page: number;
  pageSize: number;
  onPageChange: (page: number, pageSize: number) => void;
  /** Whether any filter is set (chooses the empty text). */
  filtered: boolean;
  actions: UserActions;
  onCreate: () => void;
  onEdit: (u: User) => void;
  onGrants: (u: User) => void;
}) {
  const { t } = useTranslation();
  const columns: TableColumnsType<User> = [
    {
      title: t('users.field.username'),
      dataIndex: 'username',
      width: 150,
      render: (v: string, u) => (
        <Flex gap={6} align="center">
          <Tooltip title={t('users.createdAt', { at: formatDateTime(u.createdAt) })}>
            <Typography.Text strong className="tx-mono">
              {v}
            </Typography.Text>
          </Tooltip>
          {u.totpEnabled ? (
            <Tooltip title={t('users.totpOn')}>
              <SafetyCertificateFilled style={{ color: '#389e0d' }} aria-label={t('users.totpOn')} />
            </Tooltip>
          ) : null}
        </Flex>
      ),
    },
    { title: t('users.field.displayName'), dataIndex: 'displayName', width: 160 },
    {
      title: t('users.field.phone'),
      dataIndex: 'phoneMasked',
      width: 140,
      render: (v: string | null) => (v ? <span className="tx-mono">{v}</span> : <span className="tx-muted">{t('common.dash')}</span>),
    },
    {
      title: t('users.field.grants'),
      dataIndex: 'grants',
      render: (g: Grant[]) => <GrantTags grants={g} empty={t('users.noGrants')} />,
    },
    {
      title: t('users.field.status'),
      dataIndex: 'status',
      width: 130,
      render: (_: UserStatus, u) => <StatusTags user={u} />,
    },
    {
      title: t('users.field.lastLoginAt'),
      dataIndex: 'lastLoginAt',
      width: 150,
      render: (v: string | null) => (v ? formatDateTime(v) : <span className="tx-muted">{t('users.neverLoggedIn')}</span>),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      width: 210,
      render: (_, u) => <UserRowActions user={u} actions={actions} onEdit={onEdit} onGrants={onGrants} />,
    },
  ];

  if (list.isError && !list.data) {
    return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  }
  return (
    <div data-testid={TID.usersTable}>
      {list.isError ? (
        <Alert type="error" showIcon title={errorMessage(list.error)} style={{ marginBottom: 12 }} />
      ) : null}
      <Table<User>
        rowKey="id"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.isFetching}
        scroll={{ x: 1100 }}
        locale={{
          emptyText: (
            <EmptyState description={filtered ? t('users.emptyFiltered') : t('users.empty')}>
              {!filtered ? (
                <Button type="primary" icon={<PlusOutlined />} onClick={onCreate}>
                  {t('users.new')}
                </Button>
              ) : null}
            </EmptyState>
          ),
        }}
        pagination={{
          current: page,
          pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: [10, 20, 50, 100],
          showTotal: (total) => t('common.total', { total }),
          onChange: (p, s) => onPageChange(p, s),
        }}
      />
    </div>
  );
}
