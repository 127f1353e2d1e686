import {
  AlertOutlined,
  ApartmentOutlined,
  AuditOutlined,
  BarChartOutlined,
  BankOutlined,
  BranchesOutlined,
  BorderOuterOutlined,
  ClusterOutlined,
  FlagOutlined,
  FormOutlined,
  HomeOutlined,
  MobileOutlined,
  ProfileOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Button, Card, Col, Flex, QRCode, Row, Select, Statistic, Tag, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useMe } from '../../shared/auth';
import { formatDate } from '../../shared/format';
import { useRegion, useRegionRoots } from '../../shared/regions';
import { canSee, hasAnyRole, isStaff, LEVEL_COLORS, levelLabel } from '../../shared/roles';
import type { Me, RegionDetail } from '../../shared/types';
import { PageHeader } from '../components/PageHeader';
import { GrantTags } from '../components/RoleTags';
import { EmptyState, ErrorState, Loading } from '../components/States';

function shanghaiHour(): number {
  const h = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', hourCycle: 'h23' }).format(new Date());
  return Number(h);
}

function useGreeting(): string {
  const { t } = useTranslation();
  const h = shanghaiHour();
  if (h < 6) return t('home.greeting.night');
  if (h < 12) return t('home.greeting.morning');
  if (h < 14) return t('home.greeting.noon');
  if (h < 18) return t('home.greeting.afternoon');
  return t('home.greeting.evening');
}

function StatCard({ title, value, icon, suffix }: { title: string; value: number | null | undefined; icon: ReactNode; suffix?: string }) {
  const { t } = useTranslation();
  return (
    <Card className="tx-stat-card" variant="borderless">
      <Flex align="center" gap={16}>
        <div className="tx-stat-icon">{icon}</div>
        <Statistic
          title={title}
          value={value ?? t('common.dash')}
          {...(suffix && value !== null && value !== undefined ? { suffix } : {})}
        />
      </Flex>
    </Card>
  );
}

function RegionStats({ region }: { region: RegionDetail }) {
  const { t } = useTranslation();
  const s = region.stats;
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} sm={12} xl={6}>
        <StatCard title={t('stats.population')} value={region.population} icon={<TeamOutlined />} suffix={t('stats.personUnit')} />
      </Col>
      <Col xs={24} sm={12} xl={6}>
        <StatCard title={t('stats.households')} value={region.households} icon={<HomeOutlined />} suffix={t('stats.householdUnit')} />
      </Col>
      <Col xs={24} sm={12} xl={6}>
        <StatCard title={t('stats.grids')} value={s.grids} icon={<BorderOuterOutlined />} />
      </Col>
      <Col xs={24} sm={12} xl={6}>
        <StatCard title={t('stats.buildings')} value={s.buildings} icon={<BankOutlined />} />
      </Col>
      <Col xs={24} sm={12} xl={8}>
        <StatCard title={t('stats.children')} value={s.children} icon={<ApartmentOutlined />} />
      </Col>
      <Col xs={24} sm={12} xl={8}>
        <StatCard title={t('stats.orgs')} value={s.orgs} icon={<FlagOutlined />} />
      </Col>
      <Col xs={24} sm={12} xl={8}>
        <StatCard title={t('stats.units')} value={s.units} icon={<ClusterOutlined />} />
      </Col>
    </Row>
  );
}

function StaffOverview() {
  const { t } = useTranslation();
  const roots = useRegionRoots();
  const [picked, setPicked] = useState<string | null>(null);
  const rootId = picked ?? roots.data?.[0]?.id ?? null;
  const region = useRegion(rootId);

  if (roots.isPending) {
    return <Loading />;
  }
  if (roots.isError) {
    return <ErrorState error={roots.error} onRetry={() => void roots.refetch()} />;
  }
  if (roots.data.length === 0) {
    return (
      <Card variant="borderless">
        <EmptyState description={t('home.noRegions')} />
      </Card>
    );
  }
  return (
    <Card
      variant="borderless"
      title={
        <Flex align="center" gap={8} wrap>
          <span>{t('home.overview')}</span>
          {region.data ? (
            <Tag color={LEVEL_COLORS[region.data.level]} className="tx-level-tag">
              {levelLabel(t, region.data.level)}
            </Tag>
          ) : null}
        </Flex>
      }
      extra={
        <Flex gap={8} align="center">
          {roots.data.length > 1 ? (
            <Select
              value={rootId}
              onChange={setPicked}
              style={{ minWidth: 200 }}
              options={roots.data.map((r) => ({ value: r.id, label: r.name }))}
              aria-label={t('home.switchRegion')}
            />
          ) : (
            <Typography.Text strong>{roots.data[0]?.name}</Typography.Text>
          )}
          {rootId ? (
            <Link to={`/regions/${rootId}`}>
              <Button type="link">{t('home.openRegion')}</Button>
            </Link>
          ) : null}
        </Flex>
      }
    >
      {region.isPending ? (
        <Loading minHeight={180} />
      ) : region.isError ? (
        <ErrorState compact error={region.error} onRetry={() => void region.refetch()} />
      ) : (
        <RegionStats region={region.data} />
      )}
    </Card>
  );
}

function QuickLinks({ me }: { me: Me }) {
  const { t } = useTranslation();
  const links: Array<{ to: string; icon: ReactNode; title: string; desc: string; show: boolean }> = [
    { to: '/regions', icon: <ClusterOutlined />, title: t('menu.regions'), desc: t('home.links.regions'), show: canSee(me, 'regions') },
    { to: '/users', icon: <TeamOutlined />, title: t('menu.users'), desc: t('home.links.users'), show: canSee(me, 'users') },
    { to: '/audit', icon: <AuditOutlined />, title: t('menu.audit'), desc: t('home.links.audit'), show: canSee(me, 'audit') },
    { to: '/appeals/new', icon: <FormOutlined />, title: t('menu.appealsIntake'), desc: t('home.links.appealsIntake'), show: canSee(me, 'appealsIntake') },
    { to: '/appeals', icon: <ProfileOutlined />, title: t('menu.appealsCases'), desc: t('home.links.appeals'), show: canSee(me, 'appeals') },
    { to: '/appeals/supervision', icon: <AlertOutlined />, title: t('menu.appealsSupervision'), desc: t('home.links.appealsSupervision'), show: canSee(me, 'appealsSupervision') },
    { to: '/appeals/stats', icon: <BarChartOutlined />, title: t('menu.appealsStats'), desc: t('home.links.appealsStats'), show: canSee(me, 'appealsStats') },
    { to: '/appeals/config/categories', icon: <ApartmentOutlined />, title: t('appealsConfig.menu.categories'), desc: t('appeals.home.categories'), show: canSee(me, 'appealsCategories') },
    { to: '/appeals/config/rules', icon: <BranchesOutlined />, title: t('appealsConfig.menu.rules'), desc: t('appeals.home.rules'), show: canSee(me, 'appealsRules') },
    { to: '/profile', icon: <UserOutlined />, title: t('menu.profile'), desc: t('home.links.profile'), show: true },
  ];
  return (
    <Card variant="borderless" title={t('home.quickLinks')}>
      <Row gutter={[12, 12]}>
        {links
          .filter((l) => l.show)
          .map((l) => (
            <Col key={l.to} xs={24} sm={12}>
              <Link to={l.to} className="tx-quick-link">
                <span className="tx-quick-icon">{l.icon}</span>
                <span>
                  <span className="tx-quick-title">{l.title}</span>
                  <span className="tx-quick-desc">{l.desc}</span>
                </span>
              </Link>
            </Col>
          ))}
      </Row>
    </Card>
  );
}

function MobileHint() {
  const { t } = useTranslation();
  const url = `${window.location.origin}/h5/`;
  return (
    <Card variant="borderless" data-testid="home-h5-hint">
      <Flex gap={32} align="center" wrap>
        <QRCode value={url} size={148} color="#C8161D" bordered={false} />
        <div style={{ flex: 1, minWidth: 240 }}>
          <Typography.Title level={4} style={{ marginTop: 0 }}>
            <MobileOutlined /> {t('home.mobileTitle')}
          </Typography.Title>
          <Typography.Paragraph type="secondary">{t('home.mobileBody')}</Typography.Paragraph>
          <Button type="primary" href="/h5/" icon={<MobileOutlined />}>
            {t('home.openH5')}
          </Button>
        </div>
      </Flex>
    </Card>
  );
}

export default function Home() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const greeting = useGreeting();
  if (!me) {
    return null;
  }
  const staff = isStaff(me);
  return (
    <div className="tx-page">
      <PageHeader
        title={t('home.welcome', { greeting, name: me.displayName })}
        subtitle={t('home.today', { date: formatDate(new Date()) })}
      />
      <Flex vertical gap={16}>
        {staff ? <StaffOverview /> : hasAnyRole(me, ['dispatcher', 'dept_handler']) ? null : <MobileHint />}
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={12}>
            <Card variant="borderless" title={t('home.myGrants')} style={{ height: '100%' }}>
              <GrantTags grants={me.grants} empty={t('home.noGrants')} />
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <QuickLinks me={me} />
          </Col>
        </Row>
      </Flex>
    </div>
  );
}
