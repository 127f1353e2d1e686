import type { ModuleManifest } from '../module.js';
import { departmentRoutes } from './routes.js';
import { seedDepartments } from './seed.js';

export const departmentsModule: ModuleManifest = { name: 'departments', routes: departmentRoutes, demo: seedDepartments };
