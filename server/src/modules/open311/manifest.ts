import type { ModuleManifest } from '../module.js';
import { open311Routes } from './routes.js';

/** Open311 GeoReport v2 over the appeals module: /open311/v2/… for clients, /api/open311/keys for administrators. */
export const open311Module: ModuleManifest = {
  name: 'open311',
  routes(app, services) {
    open311Routes(app, services);
  },
};
