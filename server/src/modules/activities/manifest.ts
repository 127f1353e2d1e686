import type { ModuleManifest } from '../module.js';
import { activityRoutes } from './activity-routes.js';
import { signupRoutes } from './signup-routes.js';
import { checkinRoutes } from './checkin-routes.js';
import { reviewRoutes } from './review-routes.js';
import { rankingRoutes } from './ranking-routes.js';
import { teamRoutes } from './team-routes.js';
import { seedActivitiesDemo } from './demo.js';
import { addServiceSource } from '../members/service-record.js';
import { activityService } from './service-source.js';

// An approved attendance is community service in the members' compliance lists.
addServiceSource(activityService);

/** Activities and volunteering 活动打卡 (docs/modules/activities.md). */
export const activitiesModule: ModuleManifest = {
  name: 'activities',
  routes(app, services) {
    activityRoutes(app, services);
    signupRoutes(app, services);
    checkinRoutes(app, services);
    reviewRoutes(app, services);
    rankingRoutes(app, services);
    teamRoutes(app, services);
  },
  // A volunteer team and two activities in 新安社区 (demo.ts).
  demo: seedActivitiesDemo,
};
