import { Flex, Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../shared/format';
import type { User, UserStatus } from '../../../shared/types';

const STATUS_COLORS: Record<UserStatus, string> = {
  active: 'success',
  locked: 'warning',
  disabled: 'default',
};

export function StatusTags({ user }: { user: User }) {
  const { t } = useTranslation();
  const tag = <Tag color={STATUS_COLORS[user.status] ?? 'default'}>{t(`users.status.${user.status}`)}</Tag>;
  return (
    <Flex gap={4} wrap>
      {user.status === 'locked' && user.lockedUntil ? (
        <Tooltip title={t('users.lockedUntil', { at: formatDateTime(user.lockedUntil) })}>{tag}</Tooltip>
      ) : (
        tag
      )}
      {user.mustChangePassword ? (
        <Tooltip title={t('users.mustChangeHint')}>
          <Tag color="gold">{t('users.mustChange')}</Tag>
        </Tooltip>
      ) : null}
    </Flex>
  );
}
