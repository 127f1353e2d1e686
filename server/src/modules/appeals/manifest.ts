import type { ModuleManifest } from '../module.js';
import { eq } from 'drizzle-orm';
import { registerFileOwner } from '../../platform/files/access.js';
import { appealRoutes } from './routes.js';
import { appealConfigRoutes } from './config-routes.js';
import { appealMetricsRoutes } from './metrics/routes.js';
import { canSee } from './access.js';
import { appeals } from './schema.js';
import { seedCategories } from './categories.js';
import { sweepDeadlines } from './deadline-sweep.js';
import { refreshRollup, ROLLUP_EVERY_SECONDS } from './metrics/rollup/refresh.js';

export const appealsModule: ModuleManifest = {
  name: 'appeals',
  routes(app, services) {
    registerFileOwner('appeal', async (db, auth, id) => {
      const [a] = await db.select().from(appeals).where(eq(appeals.id, id)).limit(1);
      return a ? canSee(db, auth, a) : false;
    });
    appealRoutes(app, services);
    appealConfigRoutes(app, services);
    appealMetricsRoutes(app, services);
  },
  jobs(services) {
    // Yellow warnings and red overdues; each mark is unique, so this fires once per deadline however many processes run.
    services.jobs.schedule('appeals.deadlines', 5, async (tx) => {
      await sweepDeadlines(services, tx);
    });
    // The statistics rollup: recomputes the days whose cases changed (stale days are read from the cases meanwhile).
    services.jobs.schedule('appeals.stats-rollup', ROLLUP_EVERY_SECONDS, async (tx) => {
      await refreshRollup(tx);
    });
  },
  demo: async (tx, cityId) => {
    await seedCategories(tx, cityId);
  },
};
