import type { ModuleManifest } from '../module.js';
import { registerFileOwner } from '../../platform/files/access.js';
import { itemExists } from './access.js';
import { storeCatalogueRoutes } from './catalogue-routes.js';
import { storeItemRoutes } from './item-routes.js';
import { storeMerchantRoutes } from './merchant-routes.js';
import { storeRedemptionRoutes } from './redemption-routes.js';
import { expireRedemptions } from './expiry.js';
import { seedStoreDemo } from './demo.js';

/** The points store 积分超市 (docs/modules/store.md): merchants, goods, redemptions paid in credit points. */
export const storeModule: ModuleManifest = {
  name: 'store',
  routes(app, services) {
    storeMerchantRoutes(app, services);
    storeItemRoutes(app, services);
    storeCatalogueRoutes(app, services);
    storeRedemptionRoutes(app, services);
    registerFileOwner('store_item', (db, _auth, id) => itemExists(db, id));
  },
  jobs(services) {
    // Open codes past their time are cancelled: points and stock come back.
    services.jobs.schedule('store.expire', 60, async (tx) => {
      await expireRedemptions(tx);
    });
  },
  demo: seedStoreDemo,
};
