import {
  AlertOutlined,
  ApartmentOutlined,
  AuditOutlined,
  BranchesOutlined,
  BarChartOutlined,
  CalendarOutlined,
  ClusterOutlined,
  FormOutlined,
  FundProjectionScreenOutlined,
  HeartOutlined,
  HomeOutlined,
  LogoutOutlined,
  MenuFoldOutlined,
  MenuUnfoldOutlined,
  MobileOutlined,
  ProfileOutlined,
  TeamOutlined,
  ToolOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Avatar, Button, Flex, Layout as AntLayout, Menu, Typography, type MenuProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useLogout } from '../shared/auth';
import { canSee, isStaff, type AdminSection } from '../shared/roles';
import { TID } from '../shared/testids';
import type { Me } from '../shared/types';
import { LangSwitch } from './components/LangSwitch';
import { Logo } from './components/Logo';
import { RoleTags } from './components/RoleTags';

const SECTION_PATHS: Record<AdminSection, string> = {
  home: '/',
  regions: '/regions',
  users: '/users',
  audit: '/audit',
  profile: '/profile',
  appealsIntake: '/appeals/new',
  appeals: '/appeals',
  appealsSupervision: '/appeals/supervision',
  appealsStats: '/appeals/stats',
  appealsCategories: '/appeals/config/categories',
  appealsRules: '/appeals/config/rules',
  pb: '/pb',
  pbDepartment: '/pb/department',
  activities: '/activities',
  wishes: '/wishes',
};

function sectionOf(pathname: string): AdminSection {
  const [, first = '', second = ''] = pathname.split('/');
  if (first === 'appeals' && second === 'config') {
    return pathname.split('/')[3] === 'rules' ? 'appealsRules' : 'appealsCategories';
  }
  if (first === 'activities') {
    return 'activities';
  }
  if (first === 'wishes') {
    return 'wishes';
  }
  if (first === 'pb') {
    return second === 'department' ? 'pbDepartment' : 'pb';
  }
  if (first === 'appeals') {
    return second === 'new' ? 'appealsIntake' : second === 'supervision' ? 'appealsSupervision' : second === 'stats' ? 'appealsStats' : 'appeals';
  }
  return first === 'regions' || first === 'users' || first === 'audit' || first === 'profile' ? first : 'home';
}

export function AdminLayout({ me }: { me: Me }) {
  const { t } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
  const logout = useLogout();
  const [collapsed, setCollapsed] = useState(false);
  const [loggingOut, setLoggingOut] = useState(false);

  const entries: Array<{ key: AdminSection; icon: React.ReactNode; label: string; testId: string }> = [
    { key: 'home', icon: <HomeOutlined />, label: t('menu.home'), testId: TID.menuHome },
    { key: 'regions', icon: <ClusterOutlined />, label: t('menu.regions'), testId: TID.menuRegions },
    { key: 'users', icon: <TeamOutlined />, label: t('menu.users'), testId: TID.menuUsers },
    { key: 'audit', icon: <AuditOutlined />, label: t('menu.audit'), testId: TID.menuAudit },
    { key: 'profile', icon: <UserOutlined />, label: t('menu.profile'), testId: TID.menuProfile },
  ];

  const appealEntries: typeof entries = [
    { key: 'appealsIntake', icon: <FormOutlined />, label: t('menu.appealsIntake'), testId: TID.menuAppealsIntake },
    { key: 'appeals', icon: <ProfileOutlined />, label: t('menu.appealsCases'), testId: TID.menuAppeals },
    { key: 'appealsSupervision', icon: <AlertOutlined />, label: t('menu.appealsSupervision'), testId: TID.menuAppealsSupervision },
    { key: 'appealsStats', icon: <BarChartOutlined />, label: t('menu.appealsStats'), testId: TID.menuAppealsStats },
    { key: 'appealsCategories', icon: <ApartmentOutlined />, label: t('appealsConfig.menu.categories'), testId: TID.menuAppealsCategories },
    { key: 'appealsRules', icon: <BranchesOutlined />, label: t('appealsConfig.menu.rules'), testId: TID.menuAppealsRules },
  ];

  const pbEntries: typeof entries = [
    { key: 'pb', icon: <FundProjectionScreenOutlined />, label: t('pbAdmin.menu.cycles'), testId: TID.pbAdmin.menuCycles },
    { key: 'pbDepartment', icon: <ToolOutlined />, label: t('pbAdmin.menu.department'), testId: TID.pbAdmin.menuDepartment },
  ];

  const activityEntries: typeof entries = [
    { key: 'activities', icon: <CalendarOutlined />, label: t('activities.admin.menu'), testId: TID.activitiesAdmin.menu },
  ];

  const wishEntries: typeof entries = [
    { key: 'wishes', icon: <HeartOutlined />, label: t('wishes.admin.menu'), testId: TID.wishesAdmin.menu },
  ];

  const toItem = (e: (typeof entries)[number]) => ({
    key: e.key,
    icon: e.icon,
    label: (
      <Link to={SECTION_PATHS[e.key]} data-testid={e.testId}>
        {e.label}
      </Link>
    ),
  });
  const visible = entries.filter((e) => canSee(me, e.key));
  const appealItems = appealEntries.filter((e) => canSee(me, e.key)).map(toItem);
  const pbItems = pbEntries.filter((e) => canSee(me, e.key)).map(toItem);
  const activityItems = activityEntries.filter((e) => canSee(me, e.key)).map(toItem);
  const wishItems = wishEntries.filter((e) => canSee(me, e.key)).map(toItem);
  // Profile stays last; the 接诉即办 and 微实事 groups sit before it.
  const items: MenuProps['items'] = visible.filter((e) => e.key !== 'profile').map(toItem);
  if (appealItems.length > 0) {
    items.push({ type: 'group', key: 'appeals-group', label: t('menu.appeals'), children: appealItems });
  }
  if (pbItems.length > 0) {
    items.push({ type: 'group', key: 'pb-group', label: t('pbAdmin.menu.group'), children: pbItems });
  }
  if (activityItems.length > 0) {
    items.push({ type: 'group', key: 'activities-group', label: t('activities.admin.group'), children: activityItems });
  }
  if (wishItems.length > 0) {
    items.push({ type: 'group', key: 'wishes-group', label: t('wishes.admin.group'), children: wishItems });
  }
  items.push(...visible.filter((e) => e.key === 'profile').map(toItem));

  if (!isStaff(me)) {
    items.push({ type: 'divider' });
    items.push({
      key: 'h5',
      icon: <MobileOutlined />,
      label: (
        <a href="/h5/" data-testid="menu-h5">
          {t('menu.h5')}
        </a>
      ),
    });
  }

  const onLogout = async () => {
    setLoggingOut(true);
    await logout();
    setLoggingOut(false);
    navigate('/login', { replace: true });
  };

  return (
    <AntLayout className="tx-shell">
      <AntLayout.Sider
        width={224}
        collapsedWidth={64}
        collapsible
        collapsed={collapsed}
        trigger={null}
        breakpoint="lg"
        onBreakpoint={(broken) => setCollapsed(broken)}
        className="tx-sider"
      >
        <Link to="/" className="tx-brand" aria-label={t('app.name')}>
          <Logo size={30} />
          {!collapsed ? (
            <span className="tx-brand-text">
              <span className="tx-brand-name">{t('app.name')}</span>
              <span className="tx-brand-sub">{t('app.tagline')}</span>
            </span>
          ) : null}
        </Link>
        <Menu mode="inline" selectedKeys={[sectionOf(location.pathname)]} items={items} className="tx-menu" />
      </AntLayout.Sider>
      <AntLayout>
        <AntLayout.Header className="tx-header">
          <Flex align="center" gap={12}>
            <Button
              type="text"
              icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
              onClick={() => setCollapsed((c) => !c)}
              aria-label={t(collapsed ? 'menu.expand' : 'menu.collapse')}
            />
            <Typography.Text className="tx-header-title">{t('app.fullName')}</Typography.Text>
          </Flex>
          <Flex align="center" gap={12}>
            <LangSwitch />
            <Link to="/profile" className="tx-user" data-testid="header-user">
              <Avatar size={32} className="tx-avatar">
                {me.displayName.slice(0, 1) || <UserOutlined />}
              </Avatar>
              <span className="tx-user-name">{me.displayName}</span>
              <span className="tx-user-roles">
                <RoleTags roles={me.roles} max={2} />
              </span>
            </Link>
            <Button icon={<LogoutOutlined />} onClick={() => void onLogout()} loading={loggingOut} data-testid={TID.logout}>
              {t('auth.logout')}
            </Button>
          </Flex>
        </AntLayout.Header>
        <AntLayout.Content className="tx-content">
          <Outlet />
        </AntLayout.Content>
        <AntLayout.Footer className="tx-footer">{t('app.footer')}</AntLayout.Footer>
      </AntLayout>
    </AntLayout>
  );
}
