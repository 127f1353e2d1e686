/** Shapes of the server's JSON answers, as documented in the API contract. */

// @types/geojson comes with maplibre-gl (it is part of maplibre's public types).
import type { FeatureCollection, MultiPolygon, Point, Polygon } from 'geojson';
import type { Role } from '../../../server/src/platform/access/role-codes';

/** A role code (SPEC §1): one of the server's list, `server/src/platform/access/role-codes.ts` (`ROLE_CODES` in roles.ts). */
export type RoleCode = Role;

export type RegionLevel = 'city' | 'district' | 'street' | 'community' | 'grid' | 'building';

export type LngLat = [number, number];
export type BBox = [number, number, number, number];

export interface Grant {
  id: string;
  role: string;
  regionId: string;
  regionName: string;
  regionLevel: RegionLevel;
}

export interface Me {
  id: string;
  username: string;
  displayName: string;
  roles: string[];
  grants: Grant[];
  totpEnabled: boolean;
  mustChangePassword: boolean;
}

export interface RegionNode {
  id: string;
  parentId: string | null;
  level: RegionLevel;
  name: string;
  code: string;
  childCount: number;
}

export interface RegionRef {
  id: string;
  name: string;
  level: RegionLevel;
}

export interface RegionWorker {
  userId: string;
  displayName: string;
  role: string;
}

export interface RegionBuilding {
  id: string;
  name: string;
  code: string;
  point: LngLat;
}

export interface RegionDetail extends RegionNode {
  ancestors: RegionRef[];
  centroid: LngLat | null;
  bbox: BBox | null;
  population: number | null;
  households: number | null;
  stats: {
    children: number;
    grids: number;
    buildings: number;
    units: number;
    orgs: number;
  };
  workers: RegionWorker[];
  buildings?: RegionBuilding[];
}

export interface RegionFeatureProps {
  id: string;
  name: string;
  level: RegionLevel;
  code: string;
  self: boolean;
}

export type RegionFeatureCollection = FeatureCollection<
  Polygon | MultiPolygon | Point,
  RegionFeatureProps
>;

export type Crs = 'wgs84' | 'gcj02' | 'bd09';

export type LocateResult =
  | {
      status: 'inside';
      grid: { id: string; name: string };
      community: { id: string; name: string };
      street: { id: string; name: string };
      district: { id: string; name: string };
      /** WGS-84 position of the located point, when the server returns it. */
      point?: LngLat;
    }
  | { status: 'outside'; point?: LngLat };

export type UserStatus = 'active' | 'locked' | 'disabled';

export interface User {
  id: string;
  username: string;
  displayName: string;
  phoneMasked: string | null;
  status: UserStatus;
  grants: Grant[];
  lastLoginAt: string | null;
  createdAt: string;
  /** Present in the server's answer: when a lockout ends. */
  lockedUntil?: string | null;
  totpEnabled?: boolean;
  mustChangePassword?: boolean;
  hasIdNumber?: boolean;
}

export interface Page<T> {
  items: T[];
  total: number;
}

export type AuditResult = 'ok' | 'denied' | 'error';

export interface AuditEntry {
  id: string | number;
  at: string;
  actorId: string | null;
  actorName: string | null;
  action: string;
  subjectType: string | null;
  subjectId: string | null;
  ip: string | null;
  result: AuditResult;
  detail: Record<string, unknown> | null;
  requestId?: string | null;
}

export interface AuditVerify {
  ok: boolean;
  checked: number;
  brokenAt: number | null;
}
