import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { columnIndex, metaValue, PbFormatError, readPb, toCountingInput, writePb, type PbInstance } from './index.js';
import { pabulibDir, pabulibFiles } from './pabulib-dir.js';

const dir = pabulibDir();
const files = pabulibFiles();
if (!dir) console.warn('pabulib instances not found (../shared/data/pabulib or PABULIB_DIR): the round trips on real files are skipped');

const strip = (inst: PbInstance) => {
  const t = (x: PbInstance['meta']) => ({ header: x.header, rows: x.rows });
  return { lineEnding: inst.lineEnding, meta: t(inst.meta), projects: t(inst.projects), votes: t(inst.votes) };
};

const errorOf = (text: string) => {
  try {
    readPb(text);
  } catch (err) {
    if (err instanceof PbFormatError) return { message: err.message, line: err.line };
    throw err;
  }
  throw new Error('no error');
};

describe.runIf(dir !== null)('.pb round trip on the pabulib instances', () => {
  const reference = dir ? (JSON.parse(readFileSync(path.join(dir, 'reference_outcomes.json'), 'utf8')) as Record<string, { budget: string; voters: number; projects: number; vote_type: string }>) : {};

  it.each(files)('%s', (file) => {
    const text = readFileSync(path.join(dir!, file), 'utf8');
    const once = writePb(readPb(text));
    // The first normalisation changes only the line endings (one kind, after every line).
    const eol = text.includes('\r\n') && text.indexOf('\r\n') === text.indexOf('\n') - 1 ? '\r\n' : '\n';
    const expected = text.replace(/\r?\n/g, eol).replace(/(\r?\n)?$/, eol);
    expect(once === expected).toBe(true);
    // … and then it is a fixed point, byte for byte.
    expect(writePb(readPb(once)) === once).toBe(true);

    const inst = readPb(text);
    const input = toCountingInput(inst);
    const ref = reference[file]!;
    expect(String(input.budget)).toBe(ref.budget);
    expect(input.ballots.length).toBe(ref.voters);
    expect(input.projects.length).toBe(ref.projects);
    expect(metaValue(inst, 'vote_type')).toBe(ref.vote_type);
    // The supporters counted from the ballots are the file's `votes` column.
    const votes = columnIndex(inst.projects, 'votes');
    const counted = new Array<number>(input.projects.length).fill(0);
    for (const b of input.ballots) for (const p of b.projects) counted[p]!++;
    expect(counted).toEqual(inst.projects.rows.map((r) => Number(r[votes])));
  });
});

const SMALL = [
  'META',
  'key;value',
  'description;"Budget; with a ""quote"""',
  'num_projects;3',
  'budget;100',
  'vote_type;cumulative',
  'PROJECTS',
  'project_id;cost;name',
  '1;50;"two',
  'lines"',
  '10;60;',
  'b;"0";x"y',
  'VOTES',
  'voter_id;vote;points',
  'v1;1,10;2,1',
  'v2;;',
  'v3;b;3',
].join('\n');

describe('.pb reader and writer', () => {
  it('reads quoted fields, line breaks inside quotes, empty ballots', () => {
    const inst = readPb('\ufeff' + SMALL);
    expect(inst.lineEnding).toBe('\n');
    expect(metaValue(inst, 'description')).toBe('Budget; with a "quote"');
    expect(inst.projects.rows).toEqual([
      ['1', '50', 'two\nlines'],
      ['10', '60', ''],
      ['b', '0', 'x"y'],
    ]);
    expect(inst.projects.lines).toEqual([9, 11, 12]);
    expect(inst.votes.lines).toEqual([15, 16, 17]);
    expect(toCountingInput(inst)).toEqual({
      budget: 100,
      projects: [
        { id: '1', cost: 50 },
        { id: '10', cost: 60 },
        { id: 'b', cost: 0 },
      ],
      ballots: [{ projects: [0, 1], points: [2, 1] }, { projects: [], points: [] }, { projects: [2], points: [3] }],
    });
  });

  it('writes the normal form: quotes only where needed, one line ending, a final line end', () => {
    const out = writePb(readPb(SMALL.replace('b;"0"', 'b;0').replace(/\n/g, '\r\n')));
    expect(out).toBe(
      [
        'META',
        'key;value',
        'description;"Budget; with a ""quote"""',
        'num_projects;3',
        'budget;100',
        'vote_type;cumulative',
        'PROJECTS',
        'project_id;cost;name',
        '1;50;"two\r\nlines"', // a line break inside a field is kept as it was
        '10;60;',
        'b;0;"x""y"',
        'VOTES',
        'voter_id;vote;points',
        'v1;1,10;2,1',
        'v2;;',
        'v3;b;3',
        '',
      ].join('\r\n'),
    );
  });

  it('sections in any order and case come back as META, PROJECTS, VOTES; blank lines go', () => {
    const text = 'votes\nvoter_id;vote\nv;a\n\nMeta\nkey;value\nbudget;1\nPROJECTS\nproject_id;cost\na;1\n';
    expect(writePb(readPb(text))).toBe('META\nkey;value\nbudget;1\nPROJECTS\nproject_id;cost\na;1\nVOTES\nvoter_id;vote\nv;a\n');
  });

  it('a field that reads as a section name, or a blank only field, is quoted', () => {
    const inst: PbInstance = {
      lineEnding: '\n',
      meta: { header: ['key', 'value'], rows: [['budget', '5']] },
      projects: { header: ['project_id', 'cost'], rows: [[' votes ', '1']] },
      votes: { header: ['vote', 'voter_id'], rows: [['', 'META']] },
    };
    const text = writePb(inst);
    expect(text).toContain('" votes ";1\n');
    expect(strip(readPb(text))).toEqual(inst);
  });

  it('read(write(m)) is m for any table contents (property)', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', 'Ł', ' ', ';', '"', '\n', '\r', ',', 'META', 'votes', '😀'), maxLength: 6 });
    const table = (width: number, first: string[]) =>
      fc.record({
        header: fc.constant(first.concat(Array.from({ length: width }, (_, i) => `c${i}`))),
        rows: fc.array(fc.array(cell, { minLength: width + first.length, maxLength: width + first.length }), { maxLength: 4 }),
      });
    const arb = fc
      .tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 2 }), fc.constantFrom<'\n' | '\r\n'>('\n', '\r\n'))
      .chain(([w1, w2, lineEnding]) =>
        fc.record({
          lineEnding: fc.constant(lineEnding),
          meta: table(0, ['key', 'value']),
          projects: table(w1, ['project_id', 'cost']).map((t) => ({ ...t, rows: t.rows.map((r, i) => [`p${i}`, ...r.slice(1)]) })),
          votes: table(w2, ['voter_id', 'vote']),
        }),
      )
      .map((m) => ({ ...m, meta: { ...m.meta, rows: m.meta.rows.map((r, i) => [`k${i}`, r[1]!]) } }));
    fc.assert(
      fc.property(arb, (m) => {
        const text = writePb(m);
        expect(strip(readPb(text))).toEqual(m);
        expect(writePb(readPb(text))).toBe(text);
      }),
      { numRuns: 300 },
    );
  });

  it('names the line of a malformed file', () => {
    const lines = SMALL.split('\n');
    const withLine = (i: number, s: string) => lines.map((l, k) => (k === i - 1 ? s : l)).join('\n');
    expect(errorOf(withLine(15, 'v1;1,10'))).toEqual({ line: 15, message: expect.stringMatching(/^line 15: VOTES row has 2 fields, the header has 3/) as unknown });
    expect(errorOf(withLine(11, '10;"60"x;'))).toEqual({ line: 11, message: expect.stringContaining('after the closing quote of field 2;') as unknown });
    expect(errorOf(SMALL.replace('lines"', 'lines'))).toEqual({ line: 12, message: expect.stringContaining('a quoted field opened on line 9') as unknown });
    expect(errorOf(SMALL.replace('b;"0";x"y', 'b;0;xy').replace('lines"', 'lines'))).toEqual({ line: 9, message: 'line 9: a quoted field is not closed (missing ")' });
    expect(errorOf(withLine(12, '1;5;again'))).toEqual({ line: 12, message: 'line 12: project 1 appears twice' });
    expect(errorOf(withLine(8, 'id;cost;name'))).toEqual({ line: 8, message: 'line 8: PROJECTS has no column project_id' });
    expect(errorOf('key;value\n')).toEqual({ line: 1, message: 'line 1: the file must start with a section name (META, PROJECTS or VOTES)' });
    expect(errorOf(SMALL.replace(/VOTES[^]*$/, ''))).toEqual({ line: undefined, message: 'section VOTES is missing' });
    expect(errorOf(SMALL + '\nMETA\nkey;value')).toEqual({ line: 18, message: 'line 18: section META appears a second time' });

    const countingError = (text: string) => {
      try {
        toCountingInput(readPb(text));
      } catch (err) {
        if (err instanceof PbFormatError) return err.message;
        throw err;
      }
      return 'no error';
    };
    expect(countingError(withLine(16, 'v2;7;1'))).toBe('line 16: the vote names project "7", which is not in PROJECTS');
    expect(countingError(withLine(16, 'v2;1,1;1,1'))).toBe('line 16: the vote names project 1 twice');
    expect(countingError(withLine(16, 'v2;1;1,2'))).toBe('line 16: the vote names 1 projects but gives 2 points');
    expect(countingError(withLine(11, '10;6e1;'))).toBe('line 11: the cost of project 10 "6e1" is not a non-negative number');
    expect(countingError(withLine(5, 'budget;-1'))).toBe('line 5: budget "-1" is not a non-negative number');
    expect(countingError(withLine(5, 'budgets;1'))).toBe('line 2: META has no budget');
    expect(countingError(withLine(6, 'vote_type;approval').replace('voter_id;vote;points', 'voter_id;vote;x'))).toBe('no error');
    expect(countingError(withLine(6, 'vote_type;cumulative').replace('voter_id;vote;points', 'voter_id;vote;x'))).toBe('line 14: VOTES has no column points (vote_type is cumulative)');
  });
});
