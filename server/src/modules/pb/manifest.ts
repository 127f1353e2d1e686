import type { ModuleManifest } from '../module.js';
import { mixBallots } from './ballot-box.js';
import { pbRoutes } from './routes.js';
import { pbProposalRoutes } from './proposal-routes.js';
import { pbCountRoutes } from './count-routes.js';
import { pbPaperRoutes } from './paper-routes.js';
import { pbCodeRoutes } from './code-routes.js';
import { pbImplementationRoutes } from './implementation-routes.js';
import { pbDeliberationRoutes } from './deliberation-routes.js';
import { pbObjectionRoutes } from './objection-routes.js';
import { registerFileOwner } from '../../platform/files/access.js';
import { pbCycleReadRoutes } from './cycle-read-routes.js';
import { pbCycleEditRoutes } from './cycle-edit-routes.js';
import { pbProjectRoutes } from './project-routes.js';
import { pbVoterRoutes } from './voter-routes.js';
import { pbDepartmentRoutes } from './department-routes.js';
import { pbFileOwners } from './project-access.js';
import { seedPbDemo } from './demo.js';

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
    pbDeliberationRoutes(app, services);
    pbObjectionRoutes(app, services);
    // Listing and editing cycles, a project's page, merging, the voter roll, departments; photos of proposals and milestones.
    pbCycleReadRoutes(app, services);
    pbCycleEditRoutes(app, services);
    pbProjectRoutes(app, services);
    pbVoterRoutes(app, services);
    pbDepartmentRoutes(app, services);
    registerFileOwner('pb_project', pbFileOwners.pb_project);
    registerFileOwner('pb_milestone', pbFileOwners.pb_milestone);
  },
  jobs(services) {
    // Inbox → ballot box in shuffled batches (docs/modules/pb-voting.md, "Secret ballots").
    services.jobs.schedule('pb.mix', 10, async (tx) => {
      await mixBallots(services, {}, tx);
    });
  },
  // The demo community's cycles: one in its voting phase, an earlier one being carried out (demo.ts).
  demo: seedPbDemo,
};
