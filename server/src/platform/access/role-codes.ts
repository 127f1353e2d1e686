/**
 * The roles of SPEC §1, in the order they are listed to users. Each is granted at a node of the region tree.
 *
 * This file imports nothing: the web app imports it too (`web/src/shared/roles.ts`, `web/src/shared/types.ts`),
 * so that the server and the clients share one list. Keep it free of imports.
 */
export const ROLES = [
  'admin',
  'org_dept',
  'street_admin',
  'community_admin',
  'grid_worker',
  'building_leader',
  'dispatcher',
  'dept_handler',
  'member',
  'resident',
  'unit_admin',
  'secretary',
  'merchant',
] as const;
export type Role = (typeof ROLES)[number];
