import type { App } from '../platform/http/app-types.js';
import type { Services } from '../platform/services.js';
import type { Tx } from '../platform/db/client.js';

/**
 * A module's manifest: how it plugs into the platform. Everything else about a capability lives in its
 * folder (schema, commands, policies, routes, jobs, tests); the platform knows it only through this.
 */
export interface ModuleManifest {
  name: string;
  routes(app: App, services: Services): void;
  /** Register job handlers, schedules and event subscribers. */
  jobs?(services: Services): void;
  /** Demo data for a freshly seeded city (after its regions, units and demo users exist). */
  demo?(tx: Tx, cityId: string): Promise<void>;
}
