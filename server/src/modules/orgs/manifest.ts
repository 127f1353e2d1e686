import type { ModuleManifest } from '../module.js';
import { orgRoutes } from './routes.js';

export const orgsModule: ModuleManifest = { name: 'orgs', routes: orgRoutes };
