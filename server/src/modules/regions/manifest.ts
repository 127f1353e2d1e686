import type { ModuleManifest } from '../module.js';
import { regionRoutes } from './routes.js';

export const regionsModule: ModuleManifest = { name: 'regions', routes: regionRoutes };
