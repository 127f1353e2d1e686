import {
  AuditOutlined,
  BarChartOutlined,
  CalendarOutlined,
  CameraOutlined,
  CheckSquareOutlined,
  ClusterOutlined,
  CommentOutlined,
  FileSearchOutlined,
  FileTextOutlined,
  FlagOutlined,
  FormOutlined,
  GiftOutlined,
  HeartOutlined,
  HomeOutlined,
  PhoneOutlined,
  ProfileOutlined,
  ScanOutlined,
  ShopOutlined,
  SolutionOutlined,
  SoundOutlined,
  TeamOutlined,
  TrophyOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { TKey } from '../shared/i18n';
import type { RoleCode } from '../shared/types';

export interface ModuleEntry {
  key: string;
  label: TKey;
  icon: ReactNode;
  /** Tile background. */
  color: string;
  /** A page of the desktop admin app that already does this; absent = not built yet ("coming soon"). */
  desktopPath?: string;
  /** A page of this H5 app. */
  path?: string;
}

const C = {
  red: '#C8161D',
  orange: '#E8731A',
  gold: '#D9A21B',
  green: '#2F9E5B',
  blue: '#1F5FAD',
  cyan: '#138C9E',
  purple: '#7650B8',
  pink: '#C7457C',
};

/** Each H5 role's entries. Modules not built yet answer "coming soon". */
export const ROLE_MODULES: Record<RoleCode, ModuleEntry[]> = {
  resident: [
    { key: 'report', label: 'h5.modules.report', icon: <SoundOutlined />, color: C.red, path: '/appeals/report' },
    { key: 'myAppeals', label: 'h5.modules.myAppeals', icon: <FileTextOutlined />, color: C.blue, path: '/appeals/mine' },
    { key: 'vote', label: 'h5.modules.vote', icon: <CheckSquareOutlined />, color: C.orange, path: '/pb' },
    { key: 'wishes', label: 'h5.modules.wishes', icon: <HeartOutlined />, color: C.pink, path: '/wishes' },
    { key: 'points', label: 'h5.modules.points', icon: <GiftOutlined />, color: C.gold, path: '/points' },
    { key: 'store', label: 'store.title', icon: <ShopOutlined />, color: C.orange, path: '/store' },
  ],
  grid_worker: [
    { key: 'myOrders', label: 'h5.modules.myOrders', icon: <ProfileOutlined />, color: C.red, path: '/appeals/orders' },
    { key: 'patrol', label: 'h5.modules.patrol', icon: <CameraOutlined />, color: C.blue, path: '/appeals/patrol' },
    { key: 'visits', label: 'h5.modules.visits', icon: <HomeOutlined />, color: C.green },
  ],
  member: [
    { key: 'checkin', label: 'h5.modules.checkin', icon: <FlagOutlined />, color: C.red, path: '/activities' },
    { key: 'activities', label: 'h5.modules.activities', icon: <CalendarOutlined />, color: C.orange, path: '/activities' },
    { key: 'vote', label: 'h5.modules.vote', icon: <CheckSquareOutlined />, color: C.green, path: '/pb' },
    { key: 'memberPoints', label: 'h5.modules.points', icon: <TrophyOutlined />, color: C.gold, path: '/points' },
    { key: 'store', label: 'store.title', icon: <ShopOutlined />, color: C.orange, path: '/store' },
    { key: 'claimWish', label: 'h5.modules.claimWish', icon: <HeartOutlined />, color: C.pink, path: '/wishes' },
  ],
  building_leader: [
    { key: 'proxyReport', label: 'h5.modules.proxyReport', icon: <FormOutlined />, color: C.red, path: '/appeals/report' },
    { key: 'buildingResidents', label: 'h5.modules.buildingResidents', icon: <TeamOutlined />, color: C.cyan },
  ],
  admin: [
    { key: 'regions', label: 'menu.regions', icon: <ClusterOutlined />, color: C.red, desktopPath: '/regions' },
    { key: 'users', label: 'menu.users', icon: <TeamOutlined />, color: C.blue, desktopPath: '/users' },
    { key: 'audit', label: 'menu.audit', icon: <AuditOutlined />, color: C.purple, desktopPath: '/audit' },
  ],
  org_dept: [
    { key: 'dashboard', label: 'h5.modules.dashboard', icon: <BarChartOutlined />, color: C.red },
    { key: 'assessment', label: 'h5.modules.assessment', icon: <TrophyOutlined />, color: C.gold },
    { key: 'rankings', label: 'h5.modules.rankings', icon: <FlagOutlined />, color: C.orange, desktopPath: '/appeals/stats' },
  ],
  street_admin: [
    { key: 'deliberation', label: 'h5.modules.deliberation', icon: <CommentOutlined />, color: C.red },
    { key: 'alliance', label: 'h5.modules.alliance', icon: <ClusterOutlined />, color: C.blue },
    { key: 'supervision', label: 'h5.modules.supervision', icon: <FileSearchOutlined />, color: C.orange, desktopPath: '/appeals/supervision' },
  ],
  community_admin: [
    { key: 'reportReview', label: 'h5.modules.reportReview', icon: <SolutionOutlined />, color: C.red },
    { key: 'activityAdmin', label: 'h5.modules.activityAdmin', icon: <CalendarOutlined />, color: C.orange },
    { key: 'wishReview', label: 'h5.modules.wishReview', icon: <HeartOutlined />, color: C.pink, desktopPath: '/wishes' },
    { key: 'microProjects', label: 'h5.modules.microProjects', icon: <CheckSquareOutlined />, color: C.green },
  ],
  dispatcher: [
    { key: 'intake', label: 'h5.modules.intake', icon: <PhoneOutlined />, color: C.red, desktopPath: '/appeals/new' },
    { key: 'dispatch', label: 'h5.modules.dispatch', icon: <ProfileOutlined />, color: C.blue, desktopPath: '/appeals?tab=pending' },
    { key: 'returnVisit', label: 'h5.modules.returnVisit', icon: <CommentOutlined />, color: C.green, desktopPath: '/appeals?tab=reviewed' },
  ],
  dept_handler: [
    { key: 'todo', label: 'h5.modules.todo', icon: <ProfileOutlined />, color: C.red, desktopPath: '/appeals?tab=department' },
    { key: 'done', label: 'h5.modules.done', icon: <CheckSquareOutlined />, color: C.green, desktopPath: '/appeals?tab=closed' },
  ],
  unit_admin: [
    { key: 'needs', label: 'h5.modules.needs', icon: <FileTextOutlined />, color: C.red },
    { key: 'resources', label: 'h5.modules.resources', icon: <GiftOutlined />, color: C.blue },
    { key: 'projects', label: 'h5.modules.projects', icon: <ClusterOutlined />, color: C.green },
  ],
  secretary: [
    { key: 'enterprises', label: 'h5.modules.enterprises', icon: <ShopOutlined />, color: C.red },
    { key: 'serviceRequests', label: 'h5.modules.serviceRequests', icon: <SolutionOutlined />, color: C.blue },
    { key: 'visitLogs', label: 'h5.modules.visitLogs', icon: <FileTextOutlined />, color: C.green },
  ],
  merchant: [
    { key: 'redeem', label: 'h5.modules.redeem', icon: <ScanOutlined />, color: C.red, path: '/merchant/honour' },
    { key: 'redemptions', label: 'h5.modules.redemptions', icon: <FileTextOutlined />, color: C.blue, path: '/merchant/redemptions' },
  ],
};

/** Roles whose H5 home shows a tile grid; the others get a plain list of their modules. */
export const TILE_ROLES: readonly RoleCode[] = ['resident', 'grid_worker', 'member', 'building_leader'];
