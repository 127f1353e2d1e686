import { AppstoreOutlined, UserOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Button, ErrorBlock, NavBar, SafeArea, SpinLoading, TabBar } from 'antd-mobile';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Outlet, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { errorMessage, setUnauthorizedHandler } from '../shared/api';
import { peekLoginNotice, resetSession, useMe } from '../shared/auth';
import { TID } from '../shared/testids';
import { Home } from './Home';
import { Login } from './Login';
import { Mine } from './Mine';
import { Password } from './Password';
import { CaseView } from './appeals/CaseView';
import { MyAppeals, MyOrders } from './appeals/CaseList';
import { Report } from './appeals/Report';
import { CycleList } from './pb/CycleList';
import { CycleView } from './pb/CycleView';
import { ProjectView } from './pb/ProjectView';
import { Propose } from './pb/Propose';
import { Results } from './pb/Results';
import { Vote } from './pb/Vote';
import { ItemView as StoreItem } from './store/ItemView';
import { MyRedemptions } from './store/MyRedemptions';
import { Store } from './store/Store';
import { Honour } from './merchant/Honour';
import { MerchantRedemptions } from './merchant/Redemptions';
import { WishView } from './wishes/WishView';
import { Wishes } from './wishes/Wishes';
import { ActivityList } from './activities/ActivityList';
import { ActivityView } from './activities/ActivityView';
import { Scan } from './activities/Scan';
import { MyPoints } from './points/MyPoints';

const BASE = '/h5';

/** The path inside the H5 app (without the `/h5` basename). */
function innerPath(): string {
  const p = window.location.pathname;
  const inner = p.startsWith(BASE) ? p.slice(BASE.length) || '/' : p;
  return inner + window.location.search;
}

function useUnauthorizedRedirect() {
  const qc = useQueryClient();
  const navigate = useNavigate();
  useEffect(() => {
    setUnauthorizedHandler(() => {
      resetSession(qc);
      const here = innerPath();
      if (!here.startsWith('/login')) {
        navigate(`/login?next=${encodeURIComponent(here)}`, { replace: true });
      }
    });
    return () => setUnauthorizedHandler(null);
  }, [qc, navigate]);
}

export function FullPageLoading() {
  return (
    <div className="h5-center" style={{ minHeight: '100vh' }}>
      <SpinLoading color="primary" />
    </div>
  );
}

function Authenticated() {
  const { t } = useTranslation();
  const me = useMe();
  const location = useLocation();
  if (me.isPending) {
    return <FullPageLoading />;
  }
  if (me.isError) {
    return (
      <div className="h5-center" style={{ minHeight: '100vh', padding: 24 }}>
        <ErrorBlock status="default" title={t('errors.loadFailed')} description={errorMessage(me.error)}>
          <Button color="primary" onClick={() => void me.refetch()}>
            {t('common.retry')}
          </Button>
        </ErrorBlock>
      </div>
    );
  }
  if (!me.data) {
    // After a deliberate end of session (logout, password changed) start afresh rather than return here.
    const next = location.pathname + location.search;
    const fresh = next === '/' || peekLoginNotice() !== null;
    return <Navigate to={fresh ? '/login' : `/login?next=${encodeURIComponent(next)}`} replace />;
  }
  if (me.data.mustChangePassword && location.pathname !== '/password') {
    return <Navigate to="/password" replace />;
  }
  return <Outlet />;
}

/** Tab pages: a title bar, the page, and the bottom tab bar. */
function TabShell() {
  const { t } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
  const active = location.pathname.startsWith('/me') ? '/me' : '/';
  return (
    <div className="h5-app">
      <NavBar back={null} className="h5-navbar">
        {active === '/me' ? t('h5.tabs.mine') : t('app.name')}
      </NavBar>
      <main className="h5-body">
        <Outlet />
      </main>
      <div className="h5-tabbar">
        <TabBar activeKey={active} onChange={(key) => navigate(key)} data-testid={TID.h5TabBar}>
          <TabBar.Item key="/" icon={<AppstoreOutlined />} title={t('h5.tabs.home')} />
          <TabBar.Item key="/me" icon={<UserOutlined />} title={t('h5.tabs.mine')} />
        </TabBar>
        <SafeArea position="bottom" />
      </div>
    </div>
  );
}

export function App() {
  useUnauthorizedRedirect();
  return (
    <Routes>
      <Route path="/login" element={<Login />} />
      <Route element={<Authenticated />}>
        <Route element={<TabShell />}>
          <Route index element={<Home />} />
          <Route path="me" element={<Mine />} />
        </Route>
        <Route path="password" element={<Password />} />
        <Route path="appeals/report" element={<Report />} />
        <Route path="appeals/patrol" element={<Report patrol />} />
        <Route path="appeals/mine" element={<MyAppeals />} />
        <Route path="appeals/orders" element={<MyOrders />} />
        <Route path="appeals/:id" element={<CaseView />} />
        <Route path="pb" element={<CycleList />} />
        <Route path="pb/projects/:id" element={<ProjectView />} />
        <Route path="pb/:cycleId" element={<CycleView />} />
        <Route path="pb/:cycleId/propose" element={<Propose />} />
        <Route path="pb/:cycleId/vote" element={<Vote />} />
        <Route path="pb/:cycleId/results" element={<Results />} />
        <Route path="store" element={<Store />} />
        <Route path="store/mine" element={<MyRedemptions />} />
        <Route path="store/items/:id" element={<StoreItem />} />
        <Route path="merchant/honour" element={<Honour />} />
        <Route path="merchant/redemptions" element={<MerchantRedemptions />} />
        <Route path="wishes" element={<Wishes />} />
        <Route path="wishes/:id" element={<WishView />} />
        <Route path="activities" element={<ActivityList />} />
        <Route path="activities/scan" element={<Scan />} />
        <Route path="activities/:id" element={<ActivityView />} />
        <Route path="points" element={<MyPoints />} />
      </Route>
      <Route path="*" element={<Navigate to="/" replace />} />
    </Routes>
  );
}
