import type { ModuleManifest } from '../module.js';
import { userRoutes } from './routes.js';

export const usersModule: ModuleManifest = { name: 'users', routes: userRoutes };
