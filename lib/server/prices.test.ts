import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { BUILT_IN_PRICES } from '@/lib/domain/pricing';
import { PriceOverrideError, loadPriceTable, serverPriceTable } from './prices';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nodelanes-prices-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const write = (name: string, value: unknown) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
  return file;
};

describe('loadPriceTable', () => {
  it('is the built-in table when nothing is configured', () => {
    expect(loadPriceTable({})).toBe(BUILT_IN_PRICES);
    expect(loadPriceTable({ NODELANES_PRICES: ' ', NODELANES_PRICES_FILE: '' })).toBe(BUILT_IN_PRICES);
  });

  it('reads a file, or the same JSON inline, and says which', () => {
    const file = write('eu.json', { name: 'eu-west-1', prices: { 'm6a.large': { onDemand: 0.0972 } } });
    expect(loadPriceTable({ NODELANES_PRICES_FILE: file })).toMatchObject({ name: 'eu-west-1', source: 'NODELANES_PRICES_FILE', onDemand: { 'm6a.large': 0.0972 } });
    expect(loadPriceTable({ NODELANES_PRICES: '{"name":"EDP","discountPercent":12.5}' })).toMatchObject({ name: 'EDP', source: 'NODELANES_PRICES', discountPercent: 12.5 });
  });

  it('refuses both at once, a missing file, and a bad entry, naming the variable', () => {
    const file = write('bad.json', { name: 'bad', prices: { 'm6a.large': { onDemand: 0 } } });
    expect(() => loadPriceTable({ NODELANES_PRICES_FILE: file, NODELANES_PRICES: '{}' })).toThrow(/both set/);
    expect(() => loadPriceTable({ NODELANES_PRICES_FILE: path.join(dir, 'nope.json') })).toThrow(/NODELANES_PRICES_FILE=".*nope.json": cannot read it \(ENOENT\)/);
    expect(() => loadPriceTable({ NODELANES_PRICES_FILE: file })).toThrow(PriceOverrideError);
    expect(() => loadPriceTable({ NODELANES_PRICES_FILE: file })).toThrow(/prices."m6a.large".onDemand: must be more than 0/);
  });
});

describe('serverPriceTable', () => {
  it('follows the file as it changes, and falls back to the built-in table (logged) when it turns bad', () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const file = write('live.json', { name: 'first', discountPercent: 10 });
    expect(serverPriceTable({ NODELANES_PRICES_FILE: file }).name).toBe('first');
    fs.writeFileSync(file, JSON.stringify({ name: 'second', discountPercent: 20 }));
    fs.utimesSync(file, new Date(), new Date(Date.now() + 5_000));
    expect(serverPriceTable({ NODELANES_PRICES_FILE: file })).toMatchObject({ name: 'second', discountPercent: 20 });
    fs.writeFileSync(file, '{"name": "broken"');
    fs.utimesSync(file, new Date(), new Date(Date.now() + 10_000));
    expect(serverPriceTable({ NODELANES_PRICES_FILE: file })).toBe(BUILT_IN_PRICES);
    expect(error.mock.calls.flat().join('\n')).toContain('price table rejected');
    error.mockRestore();
  });
});
