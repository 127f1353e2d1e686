import { ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import { Button, Flex, Input, Select, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLE_CODES, roleLabel } from '../../../shared/roles';
import { TID } from '../../../shared/testids';
import { RegionTreeSelect } from '../../components/RegionTreeSelect';

export interface UserFilters {
  q: string;
  regionId?: string;
  role?: string;
}

/**
 * The filter bar of the user list: text search (applied on Enter or the button),
 * region, role, and reset. `onChange` gets an update of the filters; `onReset` is
 * called after the search text is cleared.
 */
export function UsersFilters({
  filters,
  onChange,
  onReset,
}: {
  filters: UserFilters;
  onChange: (update: (f: UserFilters) => UserFilters) => void;
  onReset: () => void;
}) {
  const { t } = useTranslation();
  const [qInput, setQInput] = useState('');
  return (
    <Flex gap={12} wrap className="tx-filters">
      <Space.Compact style={{ width: 300 }}>
        <Input
          value={qInput}
          onChange={(e) => setQInput(e.target.value)}
          onPressEnter={() => onChange((f) => ({ ...f, q: qInput }))}
          placeholder={t('users.searchPlaceholder')}
          allowClear
          prefix={<SearchOutlined className="tx-muted" />}
          data-testid={TID.usersSearch}
        />
        <Button type="primary" onClick={() => onChange((f) => ({ ...f, q: qInput }))}>
          {t('common.search')}
        </Button>
      </Space.Compact>
      <RegionTreeSelect
        value={filters.regionId ?? null}
        onChange={(v) => onChange((f) => ({ ...f, regionId: v }))}
        placeholder={t('users.filterRegion')}
        style={{ width: 240 }}
        data-testid="users-filter-region"
      />
      <Select
        value={filters.role}
        onChange={(v: string | undefined) => onChange((f) => ({ ...f, role: v }))}
        allowClear
        placeholder={t('users.filterRole')}
        style={{ width: 180 }}
        options={ROLE_CODES.map((r) => ({ value: r, label: roleLabel(t, r) }))}
        data-testid="users-filter-role"
      />
      <Button
        icon={<ReloadOutlined />}
        onClick={() => {
          setQInput('');
          onReset();
        }}
      >
        {t('common.reset')}
      </Button>
    </Flex>
  );
}
