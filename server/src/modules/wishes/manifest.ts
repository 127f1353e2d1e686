import type { ModuleManifest } from '../module.js';
import { registerFileOwner } from '../../platform/files/access.js';
import { wishPostRoutes } from './post-routes.js';
import { wishReviewRoutes } from './review-routes.js';
import { wishWallRoutes } from './wall-routes.js';
import { wishClaimRoutes } from './claim-routes.js';
import { wishFileOwners } from './photos.js';
import { expireWishes } from './expire.js';

/** Micro-wishes (微心愿): posting, the community's review, the wish wall, claiming, proof and confirmation (docs/modules/wishes.md). */
export const wishesModule: ModuleManifest = {
  name: 'wishes',
  routes(app, services) {
    wishPostRoutes(app, services);
    wishReviewRoutes(app, services);
    wishClaimRoutes(app, services);
    // After the fixed paths (/wall, /queue, /mine) so that the reader is clear; Fastify matches static segments first anyway.
    wishWallRoutes(app, services);
    registerFileOwner('wish', wishFileOwners.wish);
    registerFileOwner('wish_proof', wishFileOwners.wish_proof);
  },
  jobs(services) {
    // Wishes past their deadline that nobody claimed (expire.ts).
    services.jobs.schedule('wishes.expire', 60, async (tx) => {
      await expireWishes(tx);
    });
  },
};
