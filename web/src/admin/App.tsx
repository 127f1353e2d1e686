import { useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, type ReactNode } from 'react';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { setUnauthorizedHandler } from '../shared/api';
import { peekLoginNotice, resetSession, useMe } from '../shared/auth';
import { canSee, type AdminSection } from '../shared/roles';
import type { Me } from '../shared/types';
import { ErrorState, Loading } from './components/States';
import { AdminLayout } from './Layout';
import { Login } from './Login';

const Home = lazy(() => import('./pages/Home'));
const Regions = lazy(() => import('./pages/Regions'));
const Users = lazy(() => import('./pages/Users'));
const Audit = lazy(() => import('./pages/Audit'));
const Profile = lazy(() => import('./pages/Profile'));
const NotFound = lazy(() => import('./pages/NotFound'));
const AppealIntake = lazy(() => import('./pages/appeals/Intake'));
const AppealCases = lazy(() => import('./pages/appeals/Cases'));
const AppealDetail = lazy(() => import('./pages/appeals/CaseDetail'));
const AppealSupervision = lazy(() => import('./pages/appeals/Supervision'));
const AppealStats = lazy(() => import('./pages/appeals/Stats'));
const AppealCategories = lazy(() => import('./pages/appeals/config/Categories'));
const AppealRules = lazy(() => import('./pages/appeals/config/RoutingRules'));
const PbCycles = lazy(() => import('./pages/pb/Cycles'));
const PbCycle = lazy(() => import('./pages/pb/CycleWorkspace'));
const PbDepartment = lazy(() => import('./pages/pb/DepartmentProjects'));
const Activities = lazy(() => import('./pages/activities/Activities'));
const ActivityQrScreen = lazy(() => import('./pages/activities/QrScreen'));
const WishQueue = lazy(() => import('./pages/wishes/Queue'));

/** Any 401 outside login: forget the session and go to the login page, coming back afterwards. */
function useUnauthorizedRedirect() {
  const qc = useQueryClient();
  const navigate = useNavigate();
  useEffect(() => {
    setUnauthorizedHandler(() => {
      resetSession(qc);
      const here = window.location.pathname + window.location.search;
      if (!here.startsWith('/login')) {
        navigate(`/login?next=${encodeURIComponent(here)}`, { replace: true });
      }
    });
    return () => setUnauthorizedHandler(null);
  }, [qc, navigate]);
}

function Authenticated() {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) {
    return <Loading minHeight={window.innerHeight} />;
  }
  if (me.isError) {
    return <ErrorState error={me.error} onRetry={() => void me.refetch()} />;
  }
  if (!me.data) {
    // After a deliberate end of session (e.g. password changed) start afresh rather than return here.
    const next = location.pathname + location.search;
    const fresh = next === '/' || peekLoginNotice() !== null;
    return <Navigate to={fresh ? '/login' : `/login?next=${encodeURIComponent(next)}`} replace />;
  }
  return <AdminLayout me={me.data} />;
}

/** Keeps users out of sections their roles do not open, and sends must-change-password users to Profile. */
function Guard({ section, me, children }: { section: AdminSection; me: Me | null | undefined; children: ReactNode }) {
  if (!me) {
    return null;
  }
  if (me.mustChangePassword && section !== 'profile') {
    return <Navigate to="/profile" replace />;
  }
  if (!canSee(me, section)) {
    return <Navigate to="/" replace />;
  }
  return <Suspense fallback={<Loading />}>{children}</Suspense>;
}

export function App() {
  useUnauthorizedRedirect();
  const { data: me } = useMe();
  return (
    <Routes>
      <Route path="/login" element={<Login />} />
      <Route element={<Authenticated />}>
        <Route
          index
          element={
            <Guard section="home" me={me}>
              <Home />
            </Guard>
          }
        />
        <Route
          path="regions/:id?"
          element={
            <Guard section="regions" me={me}>
              <Regions />
            </Guard>
          }
        />
        <Route
          path="users"
          element={
            <Guard section="users" me={me}>
              <Users />
            </Guard>
          }
        />
        <Route
          path="audit"
          element={
            <Guard section="audit" me={me}>
              <Audit />
            </Guard>
          }
        />
        <Route
          path="appeals"
          element={
            <Guard section="appeals" me={me}>
              <AppealCases />
            </Guard>
          }
        />
        <Route
          path="appeals/new"
          element={
            <Guard section="appealsIntake" me={me}>
              <AppealIntake />
            </Guard>
          }
        />
        <Route
          path="appeals/supervision"
          element={
            <Guard section="appealsSupervision" me={me}>
              <AppealSupervision />
            </Guard>
          }
        />
        <Route
          path="appeals/stats"
          element={
            <Guard section="appealsStats" me={me}>
              <AppealStats />
            </Guard>
          }
        />
        <Route
          path="appeals/config/categories"
          element={
            <Guard section="appealsCategories" me={me}>
              <AppealCategories />
            </Guard>
          }
        />
        <Route
          path="appeals/config/rules"
          element={
            <Guard section="appealsRules" me={me}>
              <AppealRules />
            </Guard>
          }
        />
        <Route
          path="appeals/:id"
          element={
            <Guard section="appeals" me={me}>
              <AppealDetail />
            </Guard>
          }
        />
        <Route
          path="pb"
          element={
            <Guard section="pb" me={me}>
              <PbCycles />
            </Guard>
          }
        />
        <Route
          path="activities"
          element={
            <Guard section="activities" me={me}>
              <Activities />
            </Guard>
          }
        />
        <Route
          path="activities/:id/qr"
          element={
            <Guard section="activities" me={me}>
              <ActivityQrScreen />
            </Guard>
          }
        />
        <Route
          path="wishes"
          element={
            <Guard section="wishes" me={me}>
              <WishQueue />
            </Guard>
          }
        />
        <Route
          path="pb/department"
          element={
            <Guard section="pbDepartment" me={me}>
              <PbDepartment />
            </Guard>
          }
        />
        <Route
          path="pb/:id"
          element={
            <Guard section="pb" me={me}>
              <PbCycle />
            </Guard>
          }
        />
        <Route
          path="profile"
          element={
            <Guard section="profile" me={me}>
              <Profile />
            </Guard>
          }
        />
        <Route
          path="*"
          element={
            <Suspense fallback={<Loading />}>
              <NotFound />
            </Suspense>
          }
        />
      </Route>
    </Routes>
  );
}
