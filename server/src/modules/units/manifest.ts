import type { ModuleManifest } from '../module.js';
import { unitRoutes } from './routes.js';

export const unitsModule: ModuleManifest = { name: 'units', routes: unitRoutes };
