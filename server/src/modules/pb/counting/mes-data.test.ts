import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { metaValue, readPb, toCountingInput } from '../format/index.js';
import { pabulibDir, pabulibFiles } from '../format/pabulib-dir.js';
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
  const reference = dir ? (JSON.parse(readFileSync(path.join(dir, 'reference_outcomes.json'), 'utf8')) as Record<string, Reference>) : {};
  const files = pabulibFiles();
  const load = (file: string) => {
    const inst = readPb(readFileSync(path.join(dir!, file), 'utf8'));
    return { inst, input: toCountingInput(inst) };
  };

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
      if (e.selected) expect(e.paid!.total).toBe(`${input.projects.find((p) => p.id === e.id)!.cost}.00`);
    }
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
