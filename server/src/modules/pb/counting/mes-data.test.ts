import { describe, expect, it } from 'vitest';
import { metaValue } from '../format/index.js';
import { loadPabulib, pabulibDir, pabulibFiles, pabulibReference } from '../format/pabulib-dir.js';
import { countMes, countMesAdd1, officialMesVariant } from './mes.js';

const dir = pabulibDir();
if (!dir) console.warn('pabulib instances not found (../shared/data/pabulib or PABULIB_DIR): MES is not compared with pabutools');

interface Reference {
  meta_rule: string;
  increment: number;
  mes: string[];
  mes_add1: string[];
  official_selected: string[] | null;
}

describe.runIf(dir !== null)('MES on the pabulib instances equals pabutools 1.2.3', () => {
  const reference = pabulibReference<Reference>();
  const files = pabulibFiles();
  const load = loadPabulib;

  it('every instance has a reference outcome', () => {
    expect(files.length).toBeGreaterThan(0);
    expect(Object.keys(reference).sort()).toEqual(files);
  });

  it.each(files)('mes: %s', (file) => {
    const { input } = load(file);
    const r = countMes(input);
    // Same projects in the same order of selection.
    expect(r.selected).toEqual(reference[file]!.mes);
    expect(r.cost).toBeLessThanOrEqual(input.budget);
    for (const e of r.explanations) {
      const cost = input.projects.find((p) => p.id === e.id)!.cost;
      if (e.selected) expect(e.paid!.total).toBe(`${cost}.00`);
      // What the supporters had left at the end is less than the cost (to the cent shown).
      else if (e.reason === 'supporters_cannot_afford') expect(Number(e.remaining)).toBeLessThanOrEqual(cost);
      else expect(e.reason).toBe('not_supported');
    }
    // One explanation per project; the selected ones carry their place in the selection.
    expect(r.explanations).toHaveLength(input.projects.length);
    for (const e of r.explanations.filter((x) => x.selected)) expect(r.selected[e.round! - 1]).toBe(e.id);
  });

  it.each(files)('mes-add1: %s', (file) => {
    const { input } = load(file);
    const r = countMesAdd1(input, { increment: reference[file]!.increment });
    expect(r.selected).toEqual(reference[file]!.mes_add1);
  });

  // The official equal-shares variants named in META give the winners the file records.
  const official = files.filter((f) => officialMesVariant({ rule: reference[f]?.meta_rule }) !== null);
  it.runIf(official.length > 0).each(official)('official variant: %s', (file) => {
    const { inst, input } = load(file);
    const opts = officialMesVariant({ rule: metaValue(inst, 'rule'), unit: metaValue(inst, 'unit') })!;
    const r = countMesAdd1(input, { ...opts, increment: reference[file]!.increment });
    expect([...r.selected].sort()).toEqual([...reference[file]!.official_selected!].sort());
  });
});
