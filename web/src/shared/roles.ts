import type { TFunction } from 'i18next';
import type { TKey } from './i18n';
import type { Me, RegionLevel, RoleCode } from './types';
import { ROLES } from '../../../server/src/platform/access/role-codes';

/** Role codes (SPEC §1) in the order they are listed to users: the server's own list. */
export const ROLE_CODES: readonly RoleCode[] = ROLES;

export const ROLE_KEYS = {
  admin: 'roles.admin',
  org_dept: 'roles.org_dept',
  street_admin: 'roles.street_admin',
  community_admin: 'roles.community_admin',
  grid_worker: 'roles.grid_worker',
  building_leader: 'roles.building_leader',
  dispatcher: 'roles.dispatcher',
  dept_handler: 'roles.dept_handler',
  member: 'roles.member',
  resident: 'roles.resident',
  unit_admin: 'roles.unit_admin',
  secretary: 'roles.secretary',
  merchant: 'roles.merchant',
} as const satisfies Record<RoleCode, TKey>;

export const LEVELS: readonly RegionLevel[] = ['city', 'district', 'street', 'community', 'grid', 'building'];

export const LEVEL_KEYS = {
  city: 'levels.city',
  district: 'levels.district',
  street: 'levels.street',
  community: 'levels.community',
  grid: 'levels.grid',
  building: 'levels.building',
} as const satisfies Record<RegionLevel, TKey>;

/** Tag colours per level (antd preset colour names). */
export const LEVEL_COLORS: Record<RegionLevel, string> = {
  city: 'red',
  district: 'volcano',
  street: 'orange',
  community: 'gold',
  grid: 'green',
  building: 'blue',
};

export function isRoleCode(v: string): v is RoleCode {
  return (ROLE_CODES as readonly string[]).includes(v);
}

export function isRegionLevel(v: string): v is RegionLevel {
  return (LEVELS as readonly string[]).includes(v);
}

/** The role's name in the current language; unknown codes are shown as they are. */
export function roleLabel(t: TFunction, role: string): string {
  return isRoleCode(role) ? t(ROLE_KEYS[role]) : role;
}

export function levelLabel(t: TFunction, level: string): string {
  return isRegionLevel(level) ? t(LEVEL_KEYS[level]) : level;
}

/** Roles that work in the desktop admin app (the others work on the mobile H5). */
export const STAFF_ROLES: readonly RoleCode[] = ['admin', 'org_dept', 'street_admin', 'community_admin'];

export type AdminSection =
  | 'home'
  | 'regions'
  | 'users'
  | 'audit'
  | 'profile'
  | 'appealsIntake'
  | 'appeals'
  | 'appealsSupervision'
  | 'appealsStats'
  | 'appealsCategories'
  | 'appealsRules'
  | 'pb'
  | 'pbDepartment'
  | 'activities'
  | 'wishes';

/** Who oversees cases in an area (lists, supervision, statistics). */
const APPEAL_OVERSEERS: readonly RoleCode[] = ['admin', 'org_dept', 'street_admin', 'community_admin', 'dispatcher'];

const SECTION_ROLES: Record<AdminSection, readonly RoleCode[] | 'all'> = {
  home: 'all',
  profile: 'all',
  regions: STAFF_ROLES,
  users: ['admin', 'street_admin', 'community_admin'],
  audit: ['admin'],
  // 接诉即办: hotline operators take calls; everyone who works cases sees the queues.
  appealsIntake: ['dispatcher'],
  appeals: [...APPEAL_OVERSEERS, 'dept_handler', 'grid_worker'],
  appealsSupervision: APPEAL_OVERSEERS,
  appealsStats: APPEAL_OVERSEERS,
  // The city's category tree and routing rules: administrators (the server checks the level and area).
  appealsCategories: ['admin'],
  appealsRules: ['admin'],
  // 微实事: the secretaries organise cycles, the organisation department reads and approves them;
  // department handlers track the projects their department carries out.
  pb: ['admin', 'org_dept', 'street_admin', 'community_admin'],
  pbDepartment: ['dept_handler'],
  // 活动打卡: organisers publish activities, show the check-in QR and review attendance (the server checks the area).
  activities: ['admin', 'street_admin', 'community_admin', 'unit_admin'],
  // 微心愿: the community verifies, publishes and confirms wishes of its area (the server checks the area).
  wishes: ['admin', 'street_admin', 'community_admin'],
};

export function hasAnyRole(me: Pick<Me, 'roles'> | null | undefined, roles: readonly string[]): boolean {
  return !!me && me.roles.some((r) => roles.includes(r));
}

export function canSee(me: Pick<Me, 'roles'> | null | undefined, section: AdminSection): boolean {
  const allowed = SECTION_ROLES[section];
  return allowed === 'all' ? !!me : hasAnyRole(me, allowed);
}

export function isStaff(me: Pick<Me, 'roles'> | null | undefined): boolean {
  return hasAnyRole(me, STAFF_ROLES);
}

/** The user's distinct roles in ROLE_CODES order (unknown codes last). */
export function sortedRoles(roles: readonly string[]): string[] {
  const uniq = [...new Set(roles)];
  const rank = (r: string) => {
    const i = (ROLE_CODES as readonly string[]).indexOf(r);
    return i < 0 ? ROLE_CODES.length : i;
  };
  return uniq.sort((a, b) => rank(a) - rank(b));
}

/**
 * Roles an actor may offer when granting. Only UX: the server decides. An
 * admin may grant anything; other managers never see admin / org_dept.
 */
export function grantableRoles(me: Pick<Me, 'roles'> | null | undefined): RoleCode[] {
  if (hasAnyRole(me, ['admin'])) {
    return [...ROLE_CODES];
  }
  return ROLE_CODES.filter((r) => r !== 'admin' && r !== 'org_dept');
}
