import type { ModuleManifest } from './module.js';
import { authRoutes } from '../platform/auth/routes.js';
import { auditRoutes } from '../platform/audit/routes.js';
import { calendarRoutes } from '../platform/calendar/routes.js';
import { fileRoutes } from '../platform/files/routes.js';
import { regionsModule } from './regions/manifest.js';
import { usersModule } from './users/manifest.js';
import { unitsModule } from './units/manifest.js';
import { orgsModule } from './orgs/manifest.js';
import { departmentsModule } from './departments/manifest.js';
import { appealsModule } from './appeals/manifest.js';
import { open311Module } from './open311/manifest.js';
import { pbModule } from './pb/manifest.js';
import { pointsModule } from './points/manifest.js';
import { activitiesModule } from './activities/manifest.js';
import { wishesModule } from './wishes/manifest.js';
import { membersModule } from './members/manifest.js';
import { storeModule } from './store/manifest.js';

/** Platform route groups that are not modules of their own. */
const platformRoutes: ModuleManifest = {
  name: 'platform',
  routes(app, services) {
    authRoutes(app, services);
    auditRoutes(app, services);
    calendarRoutes(app, services);
    fileRoutes(app, services);
  },
};

/** Every module of the deployment, in registration order. */
export const MODULES: readonly ModuleManifest[] = [platformRoutes, regionsModule, usersModule, unitsModule, orgsModule, departmentsModule, appealsModule, open311Module, pbModule, pointsModule, membersModule, storeModule, wishesModule, activitiesModule];
