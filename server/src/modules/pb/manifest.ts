import type { ModuleManifest } from '../module.js';
import { mixBallots } from './ballot-box.js';

/** Micro-projects (微实事). Routes and pages come with the rest of issue 4; the ballot box runs already. */
export const pbModule: ModuleManifest = {
  name: 'pb',
  routes() {
    // none yet: cycles, proposals and voting routes are being built (docs/modules/pb-voting.md)
  },
  jobs(services) {
    // Inbox → ballot box in shuffled batches (docs/modules/pb-voting.md, "Secret ballots").
    services.jobs.schedule('pb.mix', 10, async (tx) => {
      await mixBallots(services, {}, tx);
    });
  },
};
