import type { FastifyRequest } from 'fastify';
import type { Role } from '../../platform/access/roles.js';
import { STAFF_ROLES } from '../../platform/access/roles.js';
import type { Db } from '../../platform/db/client.js';
import type { SubjectRef } from '../../platform/http/policy.js';
import { regionById } from './queries.js';

/** Who may read the region tree: the staff who govern an area, within their subtree. */
export const REGION_READERS: readonly Role[] = STAFF_ROLES;
/** Who may change it: administrators, street and community secretaries, within their subtree. */
export const REGION_EDITORS: readonly Role[] = ['admin', 'street_admin', 'community_admin'];

/** Subject resolver: the region named by a route parameter or body field. */
export const regionSubject =
  (db: Db, pick: (req: FastifyRequest) => string | null | undefined) =>
  async (req: FastifyRequest): Promise<SubjectRef | null> => {
    const id = pick(req);
    if (!id || !/^[0-9a-f-]{36}$/i.test(id)) return null;
    const r = await regionById(db, id);
    return r ? { regionPath: r.path } : null;
  };
