import { describe, expect, it } from 'vitest';
import { inSubtree, scopeRoots, subtreeEnd, type ActiveGrant } from './scope.js';

const g = (role: ActiveGrant['role'], regionPath: string): ActiveGrant => ({
  id: regionPath,
  role,
  regionId: regionPath,
  regionPath,
  regionName: '',
  regionLevel: '',
});

describe('scope', () => {
  it('keeps only outermost roots of the asked roles', () => {
    const grants = [g('community_admin', '/1/2/3/'), g('street_admin', '/1/2/'), g('grid_worker', '/1/9/4/5/')];
    expect(scopeRoots(grants, ['street_admin', 'community_admin'])).toEqual(['/1/2/']);
    expect(scopeRoots(grants, ['grid_worker'])).toEqual(['/1/9/4/5/']);
    expect(scopeRoots(grants, ['admin'])).toEqual([]);
  });
  it('does not confuse sibling prefixes', () => {
    expect(inSubtree('/1/21/', '/1/2/')).toBe(false);
    expect(inSubtree('/1/2/7/', '/1/2/')).toBe(true);
    expect('/1/2/zz/' < subtreeEnd('/1/2/')).toBe(true);
    expect('/1/3/' < subtreeEnd('/1/2/')).toBe(false);
  });
});
