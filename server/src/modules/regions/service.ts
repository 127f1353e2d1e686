import type { Services } from '../../platform/services.js';
import { RegionLocator } from './locate.js';

const locators = new WeakMap<Services, RegionLocator>();

/** The regions module's service for other modules: point → grid → community → street → district. */
export function regionLocator(services: Services): RegionLocator {
  let l = locators.get(services);
  if (!l) {
    l = new RegionLocator(services.database.db);
    locators.set(services, l);
  }
  return l;
}
