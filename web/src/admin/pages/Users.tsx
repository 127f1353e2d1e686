import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Card } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../shared/api';
import { TID } from '../../shared/testids';
import type { Page, User } from '../../shared/types';
import { PageHeader } from '../components/PageHeader';
import { CreateUserDrawer } from './users/CreateUserDrawer';
import { EditUserModal } from './users/EditUserModal';
import { GrantsDrawer } from './users/GrantsDrawer';
import { USERS_KEY } from './users/queryKeys';
import { ResetPasswordModal } from './users/ResetPasswordModal';
import { useUserActions } from './users/useUserActions';
import { UsersFilters, type UserFilters } from './users/UsersFilters';
import { UsersTable } from './users/UsersTable';

/** The user list with its filters, and the drawers and dialogs to create, edit and grant. */
export default function Users() {
  const { t } = useTranslation();
  const [filters, setFilters] = useState<UserFilters>({ q: '' });
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<User | null>(null);
  const [resetting, setResetting] = useState<User | null>(null);
  const [grantsUserId, setGrantsUserId] = useState<string | null>(null);

  const list = useQuery({
    queryKey: [...USERS_KEY, filters, page, pageSize],
    queryFn: () =>
      api.get<Page<User>>('/api/users', {
        q: filters.q.trim(),
        regionId: filters.regionId,
        role: filters.role,
        page,
        pageSize,
      }),
    placeholderData: keepPreviousData,
  });

  const grantsUser = grantsUserId ? (list.data?.items.find((u) => u.id === grantsUserId) ?? null) : null;

  const actions = useUserActions({ onResetPassword: setResetting });

  const filtered = !!(filters.q || filters.regionId || filters.role);

  return (
    <div className="tx-page">
      <PageHeader
        title={t('users.title')}
        subtitle={t('users.subtitle')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid={TID.userNew}>
            {t('users.new')}
          </Button>
        }
      />
      <Card variant="borderless">
        <UsersFilters
          filters={filters}
          onChange={(update) => {
            setFilters(update);
            setPage(1);
          }}
          onReset={() => {
            setFilters({ q: '' });
            setPage(1);
            void list.refetch();
          }}
        />
        <UsersTable
          list={list}
          page={page}
          pageSize={pageSize}
          onPageChange={(p, s) => {
            setPage(s !== pageSize ? 1 : p);
            setPageSize(s);
          }}
          filtered={filtered}
          actions={actions}
          onCreate={() => setCreating(true)}
          onEdit={setEditing}
          onGrants={(u) => setGrantsUserId(u.id)}
        />
      </Card>

      <CreateUserDrawer open={creating} onClose={() => setCreating(false)} />
      <EditUserModal user={editing} onClose={() => setEditing(null)} />
      <ResetPasswordModal user={resetting} onClose={() => setResetting(null)} />
      <GrantsDrawer user={grantsUser} onClose={() => setGrantsUserId(null)} />
    </div>
  );
}
