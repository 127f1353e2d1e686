import type { ModuleManifest } from '../module.js';
import { memberRoutes } from './member-routes.js';
import { householdRoutes } from './household-routes.js';
import { reportRoutes } from './report-routes.js';
import { unitServiceRoutes } from './unit-service-routes.js';
import { transferRoutes } from './transfer-routes.js';
import { menuRoutes } from './menu-routes.js';
import { visitRoutes } from './visit-routes.js';
import { complianceRoutes } from './compliance-routes.js';
import { installDefaultMenu } from './menu.js';

/** Party members, households, dual reporting, the service menu, 1+10 and visits, compliance (docs/modules/members.md). */
export const membersModule: ModuleManifest = {
  name: 'members',
  routes(app, services) {
    transferRoutes(app, services);
    memberRoutes(app, services);
    householdRoutes(app, services);
    reportRoutes(app, services);
    unitServiceRoutes(app, services);
    menuRoutes(app, services);
    visitRoutes(app, services);
    complianceRoutes(app, services);
  },
  // The demo city gets the default service menu (8 categories, 45 items).
  async demo(tx, cityId) {
    await installDefaultMenu(tx, cityId);
  },
};
