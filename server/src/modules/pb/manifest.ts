import type { ModuleManifest } from '../module.js';
import { mixBallots } from './ballot-box.js';
import { pbRoutes } from './routes.js';
import { pbProposalRoutes } from './proposal-routes.js';
import { pbCountRoutes } from './count-routes.js';
import { pbPaperRoutes } from './paper-routes.js';
import { pbCodeRoutes } from './code-routes.js';
import { pbImplementationRoutes } from './implementation-routes.js';

/** Micro-projects (微实事): cycles, voting and the ballot box so far (docs/modules/pb-voting.md). */
export const pbModule: ModuleManifest = {
  name: 'pb',
  routes(app, services) {
    pbRoutes(app, services);
    pbProposalRoutes(app, services);
    pbCountRoutes(app, services);
    pbPaperRoutes(app, services);
    pbCodeRoutes(app, services);
    pbImplementationRoutes(app, services);
  },
  jobs(services) {
    // Inbox → ballot box in shuffled batches (docs/modules/pb-voting.md, "Secret ballots").
    services.jobs.schedule('pb.mix', 10, async (tx) => {
      await mixBallots(services, {}, tx);
    });
  },
};
