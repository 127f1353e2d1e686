import { z } from 'zod';
import type { App } from '../../platform/http/app-types.js';
import type { Services } from '../../platform/services.js';
import { rolesIn } from '../../platform/http/policy.js';
import { Kind } from './access.js';
import { verify } from './verify.js';

/** The ledger check: every chain and every balance recomputed (admin). */
export function pointsVerifyRoutes(app: App, services: Services) {
  app.get(
    '/api/points/verify',
    {
      config: { policy: rolesIn(['admin']) },
      schema: { tags: ['points'], summary: 'Verify the hash chains, balances and yearly totals of the ledgers', querystring: z.object({ kind: Kind.optional() }) },
    },
    async (req) => verify(services.database.db, { kind: req.query.kind }),
  );
}
