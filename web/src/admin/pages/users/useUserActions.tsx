import {
  CheckCircleOutlined,
  EyeOutlined,
  KeyOutlined,
  SafetyCertificateOutlined,
  StopOutlined,
  UnlockOutlined,
} from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Descriptions, type MenuProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, errorMessage } from '../../../shared/api';
import { useMe } from '../../../shared/auth';
import type { User } from '../../../shared/types';
import { USERS_KEY } from './queryKeys';

export interface UserActions {
  /** The items of a row's "more" menu. */
  moreItems: (u: User) => MenuProps['items'];
  /** Runs the "more" menu item `key` for `u` (confirming first where needed). */
  onMore: (u: User, key: string) => void;
}

/**
 * The row actions of the user list behind the "more" menu: reset password (opens
 * `onResetPassword`), unlock, reset two-factor, disable / enable, view personal data.
 */
export function useUserActions({ onResetPassword }: { onResetPassword: (u: User) => void }): UserActions {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const { message, modal } = App.useApp();
  const { data: me } = useMe();

  const simple = useMutation({
    mutationFn: async (a: { kind: 'unlock' | 'disable' | 'enable' | 'totpReset'; user: User }) => {
      const id = encodeURIComponent(a.user.id);
      if (a.kind === 'unlock') {
        await api.post<void>(`/api/users/${id}/unlock`);
      } else if (a.kind === 'totpReset') {
        await api.post<void>(`/api/users/${id}/totp-reset`);
      } else {
        await api.patch<{ user: User }>(`/api/users/${id}`, { status: a.kind === 'disable' ? 'disabled' : 'active' });
      }
      return a;
    },
    onSuccess: (a) => {
      const key =
        a.kind === 'unlock'
          ? 'users.unlocked'
          : a.kind === 'totpReset'
            ? 'users.totpResetDone'
            : a.kind === 'disable'
              ? 'users.disabled'
              : 'users.enabled';
      void message.success(t(key, { name: a.user.displayName }));
      void qc.invalidateQueries({ queryKey: USERS_KEY });
    },
    onError: (e) => {
      void message.error(errorMessage(e));
    },
  });

  const viewPii = (u: User) => {
    modal.confirm({
      title: t('users.pii.confirmTitle'),
      icon: <EyeOutlined />,
      content: t('users.pii.confirmBody', { name: u.displayName }),
      okText: t('users.pii.confirmOk'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          const pii = await api.get<{ phone: string | null; idNumber: string | null }>(
            `/api/users/${encodeURIComponent(u.id)}/pii`,
          );
          modal.info({
            title: t('users.pii.title', { name: u.displayName }),
            okText: t('common.close'),
            width: 480,
            content: (
              <Descriptions
                column={1}
                size="small"
                style={{ marginTop: 12 }}
                items={[
                  { key: 'phone', label: t('users.field.phone'), children: pii.phone ?? t('common.dash') },
                  { key: 'id', label: t('users.field.idNumber'), children: pii.idNumber ?? t('common.dash') },
                ]}
              />
            ),
          });
        } catch (e) {
          void message.error(errorMessage(e));
        }
      },
    });
  };

  const confirmStatus = (u: User, kind: 'disable' | 'enable') => {
    modal.confirm({
      title: t(kind === 'disable' ? 'users.disableConfirm' : 'users.enableConfirm', { name: u.displayName }),
      content: kind === 'disable' ? t('users.disableHint') : undefined,
      okText: t(kind === 'disable' ? 'users.action.disable' : 'users.action.enable'),
      okButtonProps: kind === 'disable' ? { danger: true } : {},
      cancelText: t('common.cancel'),
      onOk: () => simple.mutateAsync({ kind, user: u }).catch(() => undefined),
    });
  };

  const confirmTotpReset = (u: User) => {
    modal.confirm({
      title: t('users.totpResetConfirm', { name: u.displayName }),
      content: t('users.totpResetHint'),
      okText: t('users.action.totpReset'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: () => simple.mutateAsync({ kind: 'totpReset', user: u }).catch(() => undefined),
    });
  };

  const moreItems = (u: User): MenuProps['items'] => [
    { key: 'reset', icon: <KeyOutlined />, label: t('users.action.resetPassword') },
    { key: 'unlock', icon: <UnlockOutlined />, label: t('users.action.unlock'), disabled: u.status !== 'locked' },
    { key: 'totpReset', icon: <SafetyCertificateOutlined />, label: t('users.action.totpReset'), disabled: u.totpEnabled === false },
    u.status === 'disabled'
      ? { key: 'enable', icon: <CheckCircleOutlined />, label: t('users.action.enable') }
      : { key: 'disable', icon: <StopOutlined />, label: t('users.action.disable'), danger: true, disabled: u.id === me?.id },
    { type: 'divider' },
    { key: 'pii', icon: <EyeOutlined />, label: t('users.action.viewPii') },
  ];

  const onMore = (u: User, key: string) => {
    switch (key) {
      case 'reset':
        onResetPassword(u);
        break;
      case 'unlock':
        simple.mutate({ kind: 'unlock', user: u });
        break;
      case 'totpReset':
        confirmTotpReset(u);
        break;
      case 'disable':
      case 'enable':
        confirmStatus(u, key);
        break;
      case 'pii':
        viewPii(u);
        break;
      default:
        break;
    }
  };

  return { moreItems, onMore };
}
