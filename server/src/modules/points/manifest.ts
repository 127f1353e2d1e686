import type { ModuleManifest } from '../module.js';
import { pointsMeRoutes } from './me-routes.js';
import { pointsAccountRoutes } from './account-routes.js';
import { pointsCorrectionRoutes } from './correction-routes.js';
import { pointsRuleRoutes } from './rule-routes.js';
import { pointsRankingRoutes } from './ranking-routes.js';
import { pointsVerifyRoutes } from './verify-routes.js';
import { seedPointsDemo } from './demo.js';

/** The points ledgers 党员积分 / 诚信积分 (docs/modules/points.md). Other modules post through ledger.ts. */
export const pointsModule: ModuleManifest = {
  name: 'points',
  routes(app, services) {
    pointsMeRoutes(app, services);
    pointsAccountRoutes(app, services);
    pointsCorrectionRoutes(app, services);
    pointsRuleRoutes(app, services);
    pointsRankingRoutes(app, services);
    pointsVerifyRoutes(app, services);
  },
  // The demo resident's credit points (for the store) and the demo member's Party points (demo.ts).
  demo: seedPointsDemo,
};
