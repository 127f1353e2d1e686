import { eq } from 'drizzle-orm';
import { badRequest } from '../../platform/errors.js';
import type { DbOrTx } from '../../platform/db/client.js';
import { inSubtree } from '../../platform/access/scope.js';
import type { RegionRow } from '../regions/queries.js';
import { partyOrgs } from '../orgs/schema.js';
import { units } from '../units/schema.js';
import { volunteerTeams } from './schema.js';
import type { OrganiserKind } from './lists.js';

/**
 * The organiser named by a new activity exists in the city: a Party branch (modules/orgs), a volunteer team whose
 * region holds the activity's, or a unit; a community's own activity names none. 400 naming `organiserId` otherwise.
 */
export async function checkOrganiser(db: DbOrTx, region: RegionRow, kind: OrganiserKind, organiserId: string | null): Promise<void> {
  if (kind === 'community') {
    if (organiserId) throw badRequest('validation', 'organiserId', { detail: 'a community activity names no organiser' });
    return;
  }
  if (!organiserId) throw badRequest('validation', 'organiserId', { detail: 'name the branch, team or unit' });
  const table = kind === 'branch' ? partyOrgs : kind === 'unit' ? units : volunteerTeams;
  const [row] = await db.select({ cityId: table.cityId, regionPath: table.regionPath }).from(table).where(eq(table.id, organiserId)).limit(1);
  if (!row || row.cityId !== region.cityId) throw badRequest('activity_organiser_unknown', 'organiserId');
  if (kind === 'team' && !inSubtree(region.path, row.regionPath)) throw badRequest('activity_organiser_unknown', 'organiserId');
}
