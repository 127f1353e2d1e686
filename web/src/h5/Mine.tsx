import { DesktopOutlined, LockOutlined, LogoutOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Button, Dialog, List, Tag } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useLogout, useMe } from '../shared/auth';
import { levelLabel, roleLabel, isStaff } from '../shared/roles';
import { TID } from '../shared/testids';
import { LanguageEntry } from './LanguageEntry';

export function Mine() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const logout = useLogout();
  const navigate = useNavigate();
  if (!me) {
    return null;
  }
  const onLogout = async () => {
    const ok = await Dialog.confirm({
      content: t('auth.logoutConfirm'),
      confirmText: t('auth.logout'),
      cancelText: t('common.cancel'),
    });
    if (ok) {
      await logout();
      navigate('/login', { replace: true });
    }
  };
  return (
    <div className="h5-mine">
      <section className="h5-profile">
        <div className="h5-profile-avatar">{me.displayName.slice(0, 1)}</div>
        <div>
          <div className="h5-profile-name">{me.displayName}</div>
          <div className="h5-profile-user">{me.username}</div>
        </div>
      </section>

      <List header={t('h5.myRoles')} className="h5-list">
        {me.grants.length === 0 ? (
          <List.Item>{t('h5.noRoles')}</List.Item>
        ) : (
          me.grants.map((g) => (
            <List.Item
              key={g.id}
              description={`${levelLabel(t, g.regionLevel)} · ${g.regionName}`}
              extra={
                <Tag color="primary" fill="outline">
                  {roleLabel(t, g.role)}
                </Tag>
              }
            >
              {roleLabel(t, g.role)}
            </List.Item>
          ))
        )}
      </List>

      <List header={t('h5.settings')} className="h5-list">
        <LanguageEntry />
        <List.Item prefix={<LockOutlined />} onClick={() => navigate('/password')} data-testid="h5-change-password">
          {t('profile.changePassword')}
        </List.Item>
        <List.Item
          prefix={<SafetyCertificateOutlined />}
          extra={me.totpEnabled ? t('profile.totp.enabled') : t('profile.totp.notEnabled')}
        >
          {t('profile.totp.title')}
        </List.Item>
        {isStaff(me) ? (
          <List.Item prefix={<DesktopOutlined />} onClick={() => window.location.assign('/')} description={t('h5.desktopHint')}>
            {t('h5.openDesktop')}
          </List.Item>
        ) : null}
      </List>

      <div className="h5-padded">
        <Button block size="large" color="danger" fill="outline" onClick={() => void onLogout()} data-testid={TID.logout}>
          <LogoutOutlined /> {t('auth.logout')}
        </Button>
      </div>
    </div>
  );
}
