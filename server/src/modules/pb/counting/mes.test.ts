import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countMes, countMesAdd1 } from './mes.js';
import { referenceMes } from './mes-reference.js';
import type { CountingInput } from './types.js';

/** An approval instance from ids, costs and ballots written as lists of ids. */
function approval(budget: number, projects: Record<string, number>, ballots: string[][]): CountingInput {
  const ids = Object.keys(projects);
  return {
    budget,
    projects: ids.map((id) => ({ id, cost: projects[id]! })),
    ballots: ballots.map((b) => ({ projects: b.map((id) => ids.indexOf(id)) })),
  };
}

const explanation = (r: ReturnType<typeof countMes>, id: string) => r.explanations.find((e) => e.id === id)!;

describe('countMes on hand-made instances', () => {
  // n = 4, 25 each. a: 50 < 60, never affordable. b: α = 20, ρ = 1/2; c: α = 15, ρ = 1/2 — a tie, "b" < "c".
  // Then c: v3 has 5, v4 25, exactly its cost 30: v3 pays 5, v4 pays 25 (ρ = 25/30).
  const tie = approval(100, { a: 60, b: 40, c: 30 }, [['a'], ['a', 'b'], ['b', 'c'], ['c']]);

  it('selects the lowest ρ, ties by id, and a project its supporters can exactly afford', () => {
    const r = countMes(tie);
    expect(r.rule).toBe('mes');
    expect(r.selected).toEqual(['b', 'c']);
    expect(r.cost).toBe(70);
    expect(explanation(r, 'b')).toMatchObject({ selected: true, round: 1, rho: '0.500000000000', paid: { total: '40.00', max: '20.00' }, support: 2 });
    expect(explanation(r, 'c')).toMatchObject({ selected: true, round: 2, paid: { total: '30.00', max: '25.00' } });
    expect(explanation(r, 'c').rho).toMatch(/^0\.8333333333/);
    // a's supporters: v1 25 and v2 5 left.
    expect(explanation(r, 'a')).toMatchObject({ selected: false, reason: 'supporters_cannot_afford', remaining: '30.00', support: 2 });
  });

  it('compares ids as strings: "10" before "9"', () => {
    // Same cost, same supporters: the same ρ; pabutools takes the smaller id as a string.
    const t = countMes(approval(100, { '9': 40, '10': 40 }, [['9', '10'], ['9', '10'], [], []]));
    expect(t.selected).toEqual(['10']);
  });

  it('counts empty ballots in n', () => {
    // 4 ballots: 25 each; a's two supporters have 50 < 60. Without the empty ballots they would have 50 each.
    const r = countMes(approval(100, { a: 60 }, [['a'], ['a'], [], []]));
    expect(r.selected).toEqual([]);
    expect(explanation(r, 'a')).toMatchObject({ reason: 'supporters_cannot_afford', remaining: '50.00' });
    expect(countMes(approval(100, { a: 60 }, [['a'], ['a']])).selected).toEqual(['a']);
    expect(countMes(approval(100, { a: 60 }, [[], []])).selected).toEqual([]);
  });

  it('selects supported zero-cost projects first and drops unsupported ones', () => {
    const r = countMes(approval(100, { a: 50, z2: 0, z1: 0, zz: 0 }, [['a', 'z2'], ['a', 'z1'], ['a'], []]));
    expect(r.selected).toEqual(['z1', 'z2', 'a']);
    expect(explanation(r, 'z1')).toMatchObject({ round: 1, rho: '0', paid: { total: '0.00', max: '0.00' } });
    expect(explanation(r, 'zz')).toMatchObject({ selected: false, reason: 'not_supported', support: 0 });
  });

  it('ignores the points of cumulative ballots (cost satisfaction), unless asked', () => {
    // Two projects of cost 40; p gets 1+1 points, q 3 points from one voter and 1 from another.
    const input: CountingInput = {
      budget: 80,
      projects: [
        { id: 'p', cost: 40 },
        { id: 'q', cost: 40 },
      ],
      ballots: [{ projects: [0, 1], points: [1, 3] }, { projects: [0, 1], points: [1, 1] }],
    };
    expect(countMes(input).selected).toEqual(['p', 'q']);
    expect(countMes(input).explanations.find((e) => e.id === 'q')!.support).toBe(4);
    expect(countMes(input, { utility: 'points' }).selected).toEqual(referenceMes(input, { utility: 'points' }));
  });
});

describe('countMesAdd1', () => {
  it('stops at the first exhaustive outcome', () => {
    // 25 each; a needs 2·(25+k) ≥ 60, b needs 25+k ≥ 30: both at k = 5, then 90 of 100 spent and nothing else.
    const r = countMesAdd1(approval(100, { a: 60, b: 30 }, [['a'], ['a'], ['b'], []]), { increment: 1 });
    expect(r.rule).toBe('mes-add1');
    expect(r.selected).toEqual(['a', 'b']);
    expect(r.details).toMatchObject({ steps: 5, stoppedBecause: 'exhaustive', perVoterBudget: '30.000000' });
  });

  it('returns the previous outcome when a step costs more than the budget', () => {
    // k = 10: a (70) and b (35) both become affordable, 105 > 100: the k = 9 outcome (nothing) is returned.
    const r = countMesAdd1(approval(100, { a: 70, b: 35 }, [['a'], ['a'], ['b'], []]), { increment: 1 });
    expect(r.selected).toEqual([]);
    expect(r.details).toMatchObject({ steps: 9, stoppedBecause: 'over_budget' });
  });

  it('is plain MES when that is already exhaustive, and honours the increment', () => {
    const input = approval(100, { a: 60, b: 40, c: 30 }, [['a'], ['a', 'b'], ['b', 'c'], ['c']]);
    expect(countMesAdd1(input).selected).toEqual(countMes(input).selected);
    const r = countMesAdd1(approval(100, { a: 60, b: 30 }, [['a'], ['a'], ['b'], []]), { increment: 2 });
    expect(r.details).toMatchObject({ steps: 3, perVoterBudget: '31.000000' });
  });

  it('add1-comparison: keeps raising past exhaustive outcomes, then greedy wins only with more voters', () => {
    const input = (ballots: string[][]) => approval(100, { a: 60, b: 40, c: 30 }, ballots);
    // Greedy: a, b (100). MES-add1: b, c. Two voters prefer each: a tie, which MES keeps.
    const tie = countMesAdd1(input([['a'], ['a'], ['b'], ['c'], ['b', 'c']]), { variant: 'add1-comparison' });
    expect(tie.rule).toBe('mes-add1-comparison');
    expect(tie.selected).toEqual(['b', 'c']);
    expect(tie.details).toMatchObject({ variant: 'add1-comparison', stoppedBecause: 'over_budget', comparison: { preferMes: 2, preferGreedy: 2, winner: 'mes-add1' } });
    // Greedy: c (3 votes), a (2 votes, "a" < "b"), b no longer fits — two voters prefer it, none the MES outcome.
    const g = countMesAdd1(input([['a'], ['a'], ['b', 'c'], ['b', 'c'], ['c']]), { variant: 'add1-comparison' });
    expect(g.selected).toEqual(['c', 'a']);
    expect(g.details).toMatchObject({ comparison: { preferMes: 0, preferGreedy: 2, winner: 'greedy' } });
    expect(g.explanations.find((e) => e.id === 'b')).toMatchObject({ selected: false, reason: 'does_not_fit' });
  });

  it('excludes projects with votes/n < cost/(3B) when asked (Świecie)', () => {
    // n = 4, B = 100: x has 1/4 of the votes and costs 90/300 = 0.3 of a third of B → excluded.
    const input = approval(100, { x: 90, y: 10 }, [['x', 'y'], ['y'], ['y'], ['y']]);
    const r = countMesAdd1(input, { excludeLowSupport: true });
    expect(r.selected).toEqual(['y']);
    expect(r.explanations.find((e) => e.id === 'x')).toMatchObject({ selected: false, reason: 'below_threshold' });
    expect(countMesAdd1(input).selected).toContain('x');
  });
});

/** Small random instances with few distinct costs and budgets, so that ties and exact affordability are common. */
const instance = (cumulative: boolean) =>
  fc
    .record({
      budget: fc.integer({ min: 1, max: 120 }),
      costs: fc.array(fc.constantFrom(0, 5, 10, 12, 20, 30, 36, 60), { minLength: 1, maxLength: 7 }),
      ballots: fc.array(fc.array(fc.record({ p: fc.nat(6), pts: fc.integer({ min: 1, max: 4 }) }), { maxLength: 5 }), { maxLength: 14 }),
    })
    .map(({ budget, costs, ballots }): CountingInput => ({
      budget,
      projects: costs.map((cost, i) => ({ id: String(i * 7 + 3), cost })),
      ballots: ballots.map((b) => {
        const seen = new Map<number, number>();
        for (const { p, pts } of b) if (p < costs.length) seen.set(p, pts);
        return cumulative ? { projects: [...seen.keys()], points: [...seen.values()] } : { projects: [...seen.keys()] };
      }),
    }));

/** Large amounts that differ in the last digits: near ties that doubles cannot tell apart. */
const nearTies = fc
  .record({
    budget: fc.constantFrom(999_999_999_989, 1_000_000_000_000, 1_000_000_000_001, 700_000_000_003),
    costs: fc.array(fc.constantFrom(333_333_333_333, 333_333_333_334, 500_000_000_000, 500_000_000_001, 142_857_142_857, 285_714_285_714, 1), {
      minLength: 1,
      maxLength: 7,
    }),
    ballots: fc.array(fc.uniqueArray(fc.nat(6), { maxLength: 5 }), { minLength: 1, maxLength: 14 }),
  })
  .map(({ budget, costs, ballots }): CountingInput => ({
    budget,
    projects: costs.map((cost, i) => ({ id: String(20 - i), cost })),
    ballots: ballots.map((b) => ({ projects: b.filter((p) => p < costs.length) })),
  }));

/** Add1 by the definition, from the literal reference. */
function referenceAdd1(input: CountingInput): string[] {
  const costOf = new Map(input.projects.map((p) => [p.id, p.cost]));
  const supported = new Set(input.ballots.flatMap((b) => b.projects.map((p) => input.projects[p]!.id)));
  let prev: string[] = [];
  for (let k = 0; ; k++) {
    const out = referenceMes(input, { extra: k });
    const cost = out.reduce((s, id) => s + costOf.get(id)!, 0);
    if (cost > input.budget) return prev;
    if ([...supported].every((id) => out.includes(id) || cost + costOf.get(id)! > input.budget)) return out;
    prev = out;
  }
}

describe('countMes equals the literal exact definition', () => {
  it('on random approval instances (fast path and all-exact path)', () => {
    fc.assert(
      fc.property(instance(false), (input) => {
        const want = referenceMes(input);
        expect(countMes(input).selected).toEqual(want);
        expect(countMes(input, { forceExact: true }).selected).toEqual(want);
      }),
      { numRuns: 400 },
    );
  });

  it('on near ties in large amounts', () => {
    fc.assert(
      fc.property(nearTies, (input) => {
        expect(countMes(input).selected).toEqual(referenceMes(input));
      }),
      { numRuns: 300 },
    );
  });

  it('on random cumulative instances, both utilities', () => {
    fc.assert(
      fc.property(instance(true), (input) => {
        expect(countMes(input).selected).toEqual(referenceMes(input, { utility: 'cost' }));
        expect(countMes(input, { utility: 'points' }).selected).toEqual(referenceMes(input, { utility: 'points' }));
      }),
      { numRuns: 300 },
    );
  });

  it('Add1 on random instances', () => {
    fc.assert(
      fc.property(instance(false), (input) => {
        expect(countMesAdd1(input).selected).toEqual(referenceAdd1(input));
      }),
      { numRuns: 150 },
    );
  });

  it('with budgets that are not multiples of n and many voters of equal budget', () => {
    // 7 voters, B = 100: 100/7 each; three projects whose supporters can exactly afford them at some point.
    const input = approval(100, { '1': 30, '2': 30, '3': 40, '4': 50 }, [['1', '2'], ['1', '3'], ['2', '3'], ['1', '2', '3'], ['4'], ['4', '3'], []]);
    expect(countMes(input).selected).toEqual(referenceMes(input));
  });
});
