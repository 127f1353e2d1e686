import type { FastifyRequest } from 'fastify';
import type { DbOrTx } from '../../platform/db/client.js';
import type { SubjectRef } from '../../platform/http/policy.js';
import { regionById } from '../regions/queries.js';

/** Subject: the caller's city, so that only an admin granted at the city itself configures it (not a district's). */
export const citySubject =
  (db: DbOrTx) =>
  async (req: FastifyRequest): Promise<SubjectRef | null> => {
    const city = await regionById(db, req.ctx.auth!.cityId);
    return city ? { regionPath: city.path } : null;
  };
