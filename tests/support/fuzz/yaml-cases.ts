/**
 * Fuzzed scenario files: real scenarios (the bundled Riverbend ones and the crash-test scenario)
 * changed by 1 to 4 mutations chosen by a seeded generator: lines deleted, duplicated, re-indented
 * or cut; values replaced by hostile ones (1e400, .nan, 10^400 ha, names like toString or
 * __proto__, aliases, tags, brackets, tabs, control characters); and whole hostile snippets (alias
 * bombs, deep nesting, duplicate keys). Case `index` of seed `seed` is always the same text.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createRandom, type Random } from '../../../engine/src/optimizer/core/random.js';
import { repoRoot } from '../../integration/cli/cli-helpers.js';

export interface YamlCase {
  name: string;
  /** The base scenario's file (layer paths resolve from its folder). */
  base: string;
  text: string;
}

export const YAML_BASES = [
  'tests/fixtures/runs/tiny.yaml',
  'scenarios/riverbend-balanced.yaml',
  'scenarios/riverbend-growth.yaml',
  'scenarios/riverbend-nature.yaml',
].map((file) => ({ file: path.join(repoRoot, file), text: readFileSync(path.join(repoRoot, file), 'utf8') }));

const HOSTILE_VALUES = [
  '1e400',
  '-1e400',
  '.nan',
  '.inf',
  '-.inf',
  '0',
  '-1',
  '4294967297',
  '9007199254740993',
  '1' + '0'.repeat(400),
  `${'9'.repeat(30)} ha`,
  '268435456 ha',
  '134217728 ha',
  `1${'0'.repeat(320)} m`,
  '1e3 m',
  '-5 ha',
  '100 %',
  '101 %',
  '1000000000 cells',
  '15 deg',
  '90000 deg',
  "''",
  '""',
  'null',
  '~',
  'true',
  '[]',
  '{}',
  '[[[[]]]]',
  'toString',
  'valueOf',
  'hasOwnProperty',
  'constructor',
  '__proto__',
  'prototype',
  'isPrototypeOf',
  '*a',
  '&a x',
  '!!binary aGk=',
  '!!timestamp 2001-12-14',
  '!custom x',
  '<<',
  '? x',
  '- x',
  '|',
  '>-',
  '"\\u0000"',
  '"\\uD800"',
  "'unterminated",
  '"unterminated',
  '#',
  '@x',
  '`x`',
  '%',
  '\t',
  'x: y: z',
  '1000000',
  '10001',
  '1000001',
  '257',
  'auto',
  '0x10',
  '0o17',
  '+12',
  '1_000',
];

const SNIPPETS = [
  'a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n',
  `deep: ${'['.repeat(300)}${']'.repeat(300)}`,
  `deep: ${'{a: '.repeat(70)}1${'}'.repeat(70)}`,
  `${'- '.repeat(500)}x`,
  `${'? '.repeat(500)}x`,
  'name: again',
  'layers: *nowhere',
  'loop: &l [1, *l]',
  '---\nname: second document',
  '%YAML 1.2\n---',
  '\uFEFFname: bom',
  'rules: { protectedAreas: toString, noBuild: [valueOf, hasOwnProperty] }',
  'optimizer: { population: 1000000, generations: 100000000, workers: 100000, mutationCells: 1000000000000 }',
  'demands: { residential: { min: 268435456 ha }, park: { max: 134217728 ha } }',
  `name: ${'x'.repeat(100_000)}`,
  Array.from({ length: 500 }, (_, i) => `k${i}: ${i}`).join('\n'),
];

const pick = <T>(random: Random, items: readonly T[]): T => items[random.nextInt(items.length)]!;

function mutate(lines: string[], random: Random): string {
  const at = random.nextInt(Math.max(1, lines.length));
  const line = lines[at] ?? '';
  switch (random.nextInt(10)) {
    case 0:
      lines.splice(at, 1);
      return 'delete a line';
    case 1:
      lines.splice(at, 0, line);
      return 'duplicate a line';
    case 2: {
      const other = random.nextInt(Math.max(1, lines.length));
      [lines[at], lines[other]] = [lines[other] ?? '', line];
      return 'swap two lines';
    }
    case 3: {
      const shift = random.nextInt(9) - 4;
      lines[at] = shift >= 0 ? ' '.repeat(shift) + line : line.replace(new RegExp(`^ {0,${-shift}}`), '');
      return 're-indent a line';
    }
    case 4:
    case 5: {
      // Replace the value after a colon, or a list item, with a hostile value.
      const value = pick(random, HOSTILE_VALUES);
      const colon = line.lastIndexOf(': ');
      lines[at] = colon >= 0 ? `${line.slice(0, colon + 2)}${value}` : `${line} ${value}`;
      return `value ${JSON.stringify(value.slice(0, 20))}`;
    }
    case 6: {
      // Replace a word (a name, a reference, a number) somewhere in the line.
      const words = [...line.matchAll(/[A-Za-z_][\w-]*|\d+(?:\.\d+)?/g)];
      if (words.length === 0) return 'no word';
      const word = pick(random, words);
      const value = pick(random, HOSTILE_VALUES);
      lines[at] = line.slice(0, word.index) + value + line.slice(word.index! + word[0].length);
      return `word ${JSON.stringify(value.slice(0, 20))}`;
    }
    case 7: {
      const chars = [
        '[',
        ']',
        '{',
        '}',
        ':',
        '"',
        "'",
        '\t',
        '&a ',
        '*a',
        '- ',
        '? ',
        ',',
        '#',
        '\0',
        '\r',
        '\u2028',
        '!',
      ];
      const position = random.nextInt(line.length + 1);
      const inserted = pick(random, chars).repeat(1 + random.nextInt(3));
      lines[at] = line.slice(0, position) + inserted + line.slice(position);
      return `insert ${JSON.stringify(inserted)}`;
    }
    case 8:
      lines.splice(at, 0, ...pick(random, SNIPPETS).split('\n'));
      return 'snippet';
    default:
      lines[at] = line.slice(0, random.nextInt(line.length + 1));
      return 'cut a line';
  }
}

/** Case `index` of `seed`: a base scenario with 1 to 4 mutations, or cut short. */
export function yamlCase(seed: number, index: number): YamlCase {
  const random = createRandom(seed * 1_000_003 + index);
  const base = pick(random, YAML_BASES);
  const lines = base.text.split('\n');
  const done: string[] = [];
  for (let m = 1 + random.nextInt(4); m > 0; m--) done.push(mutate(lines, random));
  let text = lines.join('\n');
  if (random.nextInt(20) === 0) {
    text = text.slice(0, random.nextInt(text.length));
    done.push('truncated');
  }
  return { name: `${path.basename(base.file)} #${index}: ${done.join(', ')}`, base: base.file, text };
}
