import { DownOutlined, EditOutlined, SafetyOutlined } from '@ant-design/icons';
import { Button, Dropdown, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import type { User } from '../../../shared/types';
import type { UserActions } from './useUserActions';

/** The actions cell of a user row: edit, grants, and the "more" menu. */
export function UserRowActions({
  user: u,
  actions: { moreItems, onMore },
  onEdit,
  onGrants,
}: {
  user: User;
  actions: UserActions;
  onEdit: (u: User) => void;
  onGrants: (u: User) => void;
}) {
  const { t } = useTranslation();
  return (
    <Space size={0}>
      <Button type="link" size="small" icon={<EditOutlined />} onClick={() => onEdit(u)}>
        {t('common.edit')}
      </Button>
      <Button type="link" size="small" icon={<SafetyOutlined />} onClick={() => onGrants(u)}>
        {t('users.action.grants')}
      </Button>
      <Dropdown trigger={['click']} menu={{ items: moreItems(u), onClick: ({ key }) => onMore(u, key) }}>
        <Button type="link" size="small" aria-label={t('common.more')}>
          {t('common.more')} <DownOutlined />
        </Button>
      </Dropdown>
    </Space>
  );
}
