import { describe, expect, it } from 'vitest';
import { allowedCommands, mayApply, nextStatus, WISH_COMMANDS, WISH_PARTS } from './machine.js';
import { WISH_STATUSES } from './lists.js';

/**
 * The lifecycle of a wish, stated a second time, independently, as the issue lists it:
 * `part: command@from→to` (several `from` states separated by commas). Every (part, command, state) not named here
 * is refused. The test walks every combination.
 */
const ALLOWED = `
  community: verify@submitted→verified  reject@submitted,verified→rejected  publish@verified→published
  community: edit_public@submitted,verified,published→=  unclaim@claimed→published  confirm@fulfilled→confirmed
  community: cancel@submitted,verified,published,claimed→cancelled
  member: claim@published→claimed
  unit: claim@published→claimed
  claimer: unclaim@claimed→published  fulfil@claimed→fulfilled
  beneficiary: confirm@fulfilled→confirmed
  poster: cancel@submitted,verified,published→cancelled
  system: expire@submitted,verified,published→expired
`;

function table(): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of ALLOWED.trim().split('\n')) {
    const [part, rest] = line.trim().split(':') as [string, string];
    for (const item of rest.trim().split(/\s+/)) {
      const [command, move] = item.split('@') as [string, string];
      const [froms, to] = move.split('→') as [string, string];
      for (const from of froms.split(',')) out.set(`${part} ${command} ${from}`, to === '=' ? from : to);
    }
  }
  return out;
}

describe('the lifecycle of a micro-wish', () => {
  it('matches the table stated independently, for every part, command and state', () => {
    const expected = table();
    const mismatches: string[] = [];
    for (const part of WISH_PARTS)
      {for (const command of WISH_COMMANDS)
        {for (const status of WISH_STATUSES) {
          const key = `${part} ${command} ${status}`;
          const got = nextStatus([part], command, status);
          if (got !== (expected.get(key) ?? null)) mismatches.push(`${key}: code says ${got}, table says ${expected.get(key) ?? null}`);
          if (mayApply(part, command, status) !== expected.has(key)) mismatches.push(`${key}: mayApply disagrees`);
        }}}
    expect(mismatches).toEqual([]);
  });

  it('final states allow nothing', () => {
    for (const s of ['rejected', 'confirmed', 'expired', 'cancelled'] as const) expect(allowedCommands(WISH_PARTS, s)).toEqual([]);
  });

  it('only a member or a unit claims, only the claimer fulfils, and points follow only a confirmation', () => {
    expect(allowedCommands(['member'], 'published')).toEqual(['claim']);
    expect(allowedCommands(['claimer'], 'claimed')).toEqual(['unclaim', 'fulfil']);
    expect(allowedCommands(['claimer'], 'fulfilled')).toEqual([]);
    expect(allowedCommands(['beneficiary'], 'fulfilled')).toEqual(['confirm']);
  });

  it('a part held together with another adds its commands', () => {
    expect(nextStatus(['poster', 'beneficiary'], 'confirm', 'fulfilled')).toBe('confirmed');
    expect(nextStatus(['poster'], 'cancel', 'claimed')).toBeNull();
    expect(nextStatus(['poster', 'community'], 'cancel', 'claimed')).toBe('cancelled');
  });
});
