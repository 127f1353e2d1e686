import type { RegionLevel } from '../../modules/regions/schema.js';

import { ROLES, type Role } from './role-codes.js';

export { ROLES, type Role };

export const isRole = (v: string): v is Role => (ROLES as readonly string[]).includes(v);

/** The levels at which a role may be granted. */
export const ROLE_LEVELS: Record<Role, readonly RegionLevel[]> = {
  admin: ['city', 'district'],
  org_dept: ['city', 'district'],
  street_admin: ['street'],
  community_admin: ['community'],
  grid_worker: ['grid'],
  building_leader: ['building', 'grid'],
  dispatcher: ['city', 'district', 'street'],
  dept_handler: ['city', 'district', 'street'],
  member: ['community', 'grid', 'building'],
  resident: ['community', 'grid', 'building'],
  unit_admin: ['street', 'community', 'grid'],
  secretary: ['district', 'street', 'community'],
  merchant: ['street', 'community', 'grid'],
};

/** Staff who govern an area: they see the region tree of their subtree. */
export const STAFF_ROLES: readonly Role[] = [
  'admin',
  'org_dept',
  'street_admin',
  'community_admin',
  'grid_worker',
  'building_leader',
  'dispatcher',
  'dept_handler',
];

/** Roles that manage accounts and grants in their subtree. */
export const USER_MANAGER_ROLES: readonly Role[] = ['admin', 'street_admin', 'community_admin'];

/** Roles that need a person's unmasked phone and ID number (always audited). */
export const PII_READER_ROLES: readonly Role[] = ['admin', 'street_admin', 'community_admin'];

/** Roles a manager may grant: nobody grants a role above their own. */
export const GRANTABLE_BY: Record<Role, readonly Role[]> = {
  admin: ROLES,
  org_dept: [],
  street_admin: ['community_admin', 'grid_worker', 'building_leader', 'member', 'resident', 'unit_admin', 'merchant', 'secretary'],
  community_admin: ['grid_worker', 'building_leader', 'member', 'resident', 'unit_admin', 'merchant'],
  grid_worker: [],
  building_leader: [],
  dispatcher: [],
  dept_handler: [],
  member: [],
  resident: [],
  unit_admin: [],
  secretary: [],
  merchant: [],
};
