import { describe, expect, it } from 'vitest';
import { mayDo, nextPhase, PB_ACTIONS, PB_PARTS } from './phase-permissions.js';
import { PB_PHASES } from './schema.js';

/**
 * The permissions of a cycle's phases, stated a second time, independently, as the issue lists them: every
 * (part, action, phase) not named here is refused. The test walks every combination of part, action and phase.
 */
const ALLOWED = `
  organiser: edit_cycle@draft,proposals  advance@draft,proposals,review,deliberation,voting,publicity,approval,implementation,evaluation
  organiser: manage_voters@draft,proposals,review,deliberation,voting  read@*
  organiser: propose@proposals  comment@proposals,review,deliberation  review@review,deliberation
  organiser: enter_paper@voting,publicity  count@publicity  publish@publicity  approve@approval  track@implementation,evaluation
  organiser: meet@review,deliberation  answer_objection@publicity,approval
  resident: propose@proposals  comment@proposals,deliberation  vote@voting  object@publicity  rate@evaluation  read@proposals,review,deliberation,voting,publicity,approval,implementation,evaluation,closed
  unit: propose@proposals  comment@proposals,deliberation  object@publicity  read@proposals,review,deliberation,voting,publicity,approval,implementation,evaluation,closed
  department: review@review  comment@review,deliberation  track@implementation,evaluation  read@proposals,review,deliberation,voting,publicity,approval,implementation,evaluation,closed
  overseer: approve@approval  read@*
`;

function allowedSet(): Set<string> {
  const out = new Set<string>();
  for (const line of ALLOWED.trim().split('\n')) {
    const [part, rest] = line.trim().split(':') as [string, string];
    for (const item of rest.trim().split(/\s+/)) {
      const [action, phases] = item.split('@') as [string, string];
      for (const ph of phases === '*' ? PB_PHASES : phases.split(',')) out.add(`${part} ${action} ${ph}`);
    }
  }
  return out;
}

describe('what each part may do in each phase of a cycle', () => {
  it('matches the table stated independently, for every part, action and phase', () => {
    const expected = allowedSet();
    const mismatches: string[] = [];
    for (const part of PB_PARTS)
      {for (const action of PB_ACTIONS)
        {for (const phase of PB_PHASES) {
          const key = `${part} ${action} ${phase}`;
          if (mayDo(part, action, phase) !== expected.has(key)) mismatches.push(`${key}: code says ${mayDo(part, action, phase)}`);
        }}}
    expect(mismatches).toEqual([]);
  });

  it('nobody votes outside the voting phase, and only residents vote', () => {
    for (const phase of PB_PHASES) for (const part of PB_PARTS) expect(mayDo(part, 'vote', phase)).toBe(phase === 'voting' && part === 'resident');
  });

  it('phases only move forward, ending at closed', () => {
    expect(nextPhase('draft', PB_PHASES)).toBe('proposals');
    expect(nextPhase('evaluation', PB_PHASES)).toBe('closed');
    expect(nextPhase('closed', PB_PHASES)).toBeNull();
  });
});
