import { describe, expect, it } from 'vitest';
import { parseLabelLines } from './label-lines';

describe('parseLabelLines', () => {
  it('reads key=value lines, trimming around both and skipping blank lines', () => {
    expect(parseLabelLines(' workload = ai-ml \n\nteam=platform\n')).toEqual({ workload: 'ai-ml', team: 'platform' });
  });

  it('keeps an `=` inside the value, and a line without one as a key with an empty value for the server to judge', () => {
    expect(parseLabelLines('note=a=b\nbroken')).toEqual({ note: 'a=b', broken: '' });
  });

  it('is undefined when nothing was typed', () => {
    expect(parseLabelLines('  \n ')).toBeUndefined();
  });
});
