import { describe, expect, it } from 'vitest';
import { metaValue } from '../format/index.js';
import { loadPabulib, pabulibDir, pabulibFiles, pabulibReference } from '../format/pabulib-dir.js';
import { compareIds, countGreedy } from './greedy.js';
import { getRule } from './index.js';
import type { CountingInput } from './types.js';

const dir = pabulibDir();
if (!dir) console.warn('pabulib instances not found (../shared/data/pabulib or PABULIB_DIR): greedy is not compared with pabutools');

interface Reference {
  meta_rule: string;
  greedy: string[];
  official_selected: string[] | null;
}

const sorted = (xs: readonly string[]) => [...xs].sort(compareIds);

describe.runIf(dir !== null)('greedy on the pabulib instances equals pabutools 1.2.3', () => {
  const reference = pabulibReference<Reference>();
  const files = pabulibFiles();
  const load = loadPabulib;

  it('every instance has a reference outcome', () => {
    expect(files.length).toBeGreaterThan(0);
    expect(Object.keys(reference).sort()).toEqual(files);
  });

  it.each(files)('greedy: %s', (file) => {
    const { input } = load(file);
    const r = countGreedy(input);
    // Same projects in the same order of selection.
    expect(r.selected).toEqual(reference[file]!.greedy);
    const costs = new Map(input.projects.map((p) => [p.id, p.cost]));
    expect(r.cost).toBe(r.selected.reduce((s, id) => s + costs.get(id)!, 0));
    expect(r.cost).toBeLessThanOrEqual(input.budget);
    expect(r.explanations.length).toBe(input.projects.length);
  });

  // The official outcome of the instances whose META names a greedy rule (the files' `selected` column).
  const greedyRuled = files.filter((f) => reference[f]!.meta_rule.startsWith('greedy'));
  it('some instances are counted by a greedy variant', () => expect(greedyRuled.length).toBeGreaterThanOrEqual(5));
  it.each(greedyRuled)('official rule of %s', (file) => {
    const { inst, input } = load(file);
    const rule = metaValue(inst, 'rule')!;
    const threshold = metaValue(inst, 'min_project_score_threshold');
    const r = getRule(rule)!(input, { threshold: threshold === undefined ? undefined : Number(threshold) });
    expect(r.rule).toBe(rule);
    expect(sorted(r.selected)).toEqual(sorted(reference[file]!.official_selected!));
  });

  it('Warszawa 2026: the 3,000-vote threshold drops project 1664, which plain greedy selects', () => {
    const file = 'Poland_Warszawa_2026.pb';
    if (!files.includes(file)) return;
    const { input } = load(file);
    expect(countGreedy(input).selected).toContain('1664');
    const r = countGreedy(input, { threshold: 3000 });
    expect(r.selected).not.toContain('1664');
    expect(r.explanations.find((e) => e.id === '1664')).toEqual({ id: '1664', selected: false, reason: 'below_threshold', support: 1221 });
  });
});

const input = (budget: number, projects: Array<[string, number]>, ballots: Array<number[] | [number[], number[]]>): CountingInput => ({
  budget,
  projects: projects.map(([id, cost]) => ({ id, cost })),
  ballots: ballots.map((b) => (Array.isArray(b[0]) ? { projects: b[0], points: b[1] as number[] } : { projects: b as number[] })),
});

describe('greedy', () => {
  it('ids compare by code points: "10" before "9", past U+FFFF too', () => {
    expect(['9', '10', 'b', 'B', '\uffff', '😀'].sort(compareIds)).toEqual(['10', '9', 'B', 'b', '\uffff', '😀']);
  });

  it('orders by supporters, ties by id as strings, walks the whole list, adds unsupported projects that fit', () => {
    // 9 and 10 have two supporters each: "10" comes first. 7 does not fit, 3 (one supporter) still does, z has none.
    const r = countGreedy(
      input(
        100,
        [
          ['9', 40],
          ['10', 30],
          ['7', 50],
          ['3', 20],
          ['z', 10],
        ],
        [[0, 1, 2], [0, 1, 2], [2, 3], []],
      ),
    );
    expect(r).toEqual({
      rule: 'greedy',
      selected: ['7', '10', '3'],
      cost: 100,
      details: { remaining: '0' },
      explanations: [
        { id: '7', selected: true, reason: 'selected', support: 3, round: 1, remaining: '100' },
        { id: '10', selected: true, reason: 'selected', support: 2, round: 2, remaining: '50' },
        { id: '9', selected: false, reason: 'does_not_fit', support: 2, remaining: '20' },
        { id: '3', selected: true, reason: 'selected', support: 1, round: 3, remaining: '20' },
        { id: 'z', selected: false, reason: 'does_not_fit', support: 0, remaining: '0' },
      ],
    });
    expect(countGreedy(input(10, [['a', 11], ['z', 10]], [[0]])).selected).toEqual(['z']);
  });

  it('cumulative ballots: by total points', () => {
    const r = countGreedy(input(10, [['a', 5], ['b', 5], ['c', 5]], [[[0, 1], [1, 2]], [[1], [1]], [[2], [4]]]));
    expect(r.explanations.map((e) => [e.id, e.support])).toEqual([['c', 4], ['b', 3], ['a', 1]]);
    expect(r.selected).toEqual(['c', 'b']);
  });

  it('greedy-threshold: support below the threshold is out, at the threshold is in', () => {
    const data = input(100, [['a', 60], ['b', 30], ['c', 10]], [[0, 1, 2], [0, 1], [0]]);
    const r = countGreedy(data, { threshold: 2 });
    expect(r.rule).toBe('greedy-threshold');
    expect(r.selected).toEqual(['a', 'b']);
    expect(r.explanations.at(-1)).toEqual({ id: 'c', selected: false, reason: 'below_threshold', support: 1 });
    expect(r.details).toEqual({ remaining: '10', threshold: 2 });
    expect(() => getRule('greedy-threshold')!(data, {})).toThrow(/needs a threshold/);
  });

  it('greedy-no-skip: stops at the first project that does not fit', () => {
    const data = input(100, [['a', 60], ['b', 50], ['c', 10]], [[0, 1, 2], [0, 1], [0]]);
    expect(countGreedy(data).selected).toEqual(['a', 'c']);
    const r = getRule('greedy-no-skip')!(data, {});
    expect(r.selected).toEqual(['a']);
    expect(r.explanations.map((e) => e.reason)).toEqual(['selected', 'does_not_fit', 'not_considered']);
  });
});
