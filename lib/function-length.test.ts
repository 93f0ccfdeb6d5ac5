// The house rule: no function in lib/ or components/ runs over 80 lines without a reason written
// directly above it (`// Long because …`). Long functions are where a newcomer gets lost; most
// read better as named steps, and the few that do not (a table-like switch) say so.
import { describe, expect, it } from 'vitest';
import { longFunctions, longFunctionsIn } from '@/test/support/function-lengths';

const MAX_LINES = 80;

describe('function length', () => {
  it(`no function in lib/ or components/ over ${MAX_LINES} lines without a reason above it`, () => {
    const unexplained = longFunctions(process.cwd(), ['lib', 'components'], MAX_LINES)
      .filter((f) => !f.reason)
      .map((f) => `${f.file}:${f.line} ${f.name} (${f.lines} lines)`);
    expect(unexplained).toEqual([]);
    // Parsing the whole tree takes seconds on a busy machine.
  }, 60_000);

  it('counts body lines, names arrow functions by their variable, and reads the reason above the statement', () => {
    const body = (n: number) => Array.from({ length: n }, (_, i) => `  const v${i} = ${i};`).join('\n');
    const text = [
      `function short() {\n${body(3)}\n}`,
      `export function long() {\n${body(85)}\n}`,
      `// Long because one row per field, read top to bottom.\nexport const table = () => {\n${body(90)}\n};`,
    ].join('\n');
    const found = longFunctionsIn('x.ts', text, MAX_LINES);
    expect(found.map((f) => [f.name, f.lines, f.reason])).toEqual([
      ['long', 87, undefined],
      ['table', 92, 'Long because one row per field, read top to bottom.'],
    ]);
  });
});
