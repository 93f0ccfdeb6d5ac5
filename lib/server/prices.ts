// The price table this server estimates costs with: the built-in us-east-1 on-demand list, or an
// operator's override from NODELANES_PRICES_FILE (a JSON file) or NODELANES_PRICES (the same JSON
// inline), for another region, a negotiated discount or spot prices. Checked at start-up
// (env-check.ts stops the server naming the bad entry); read again only when the file or the
// variable changes. Views never read it themselves: pages and routes pass it to the pure pricing
// functions, and the browser gets it (name and prices) from the page that renders it.

import fs from 'node:fs';
import { BUILT_IN_PRICES, type PriceTable } from '@/lib/domain/pricing';
import { PriceOverrideError, mergePriceOverride, parsePriceOverride } from '@/lib/domain/price-override';
import { log } from './log';

export { PriceOverrideError } from '@/lib/domain/price-override';

type Env = Record<string, string | undefined>;

const nonEmpty = (value: string | undefined) => (value === undefined || value.trim() === '' ? undefined : value);

/** Loads the configured table; throws PriceOverrideError naming the variable and the bad entry. */
export function loadPriceTable(env: Env = process.env): PriceTable {
  const file = nonEmpty(env.NODELANES_PRICES_FILE);
  const inline = nonEmpty(env.NODELANES_PRICES);
  if (file && inline) throw new PriceOverrideError('NODELANES_PRICES_FILE and NODELANES_PRICES are both set: give one price table.');
  if (inline) return mergePriceOverride(BUILT_IN_PRICES, parsePriceOverride(inline, 'NODELANES_PRICES'), 'NODELANES_PRICES');
  if (!file) return BUILT_IN_PRICES;
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new PriceOverrideError(`NODELANES_PRICES_FILE=${JSON.stringify(file)}: cannot read it (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  return mergePriceOverride(BUILT_IN_PRICES, parsePriceOverride(text, `NODELANES_PRICES_FILE=${JSON.stringify(file)}`), 'NODELANES_PRICES_FILE');
}

const globalKey = Symbol.for('nodelanes.price-table');
type GlobalWithPrices = typeof globalThis & { [globalKey]?: { key: string; table: PriceTable } };

function cacheKey(env: Env): string {
  const file = nonEmpty(env.NODELANES_PRICES_FILE);
  let mtime = -1;
  if (file) {
    try {
      mtime = fs.statSync(file).mtimeMs;
    } catch {
      // unreadable: loadPriceTable says so
    }
  }
  return JSON.stringify([file ?? null, mtime, nonEmpty(env.NODELANES_PRICES) ?? null]);
}

/**
 * The table for this request. A file edited into something invalid while the server runs is
 * logged and the built-in table used (its label then says so) rather than failing every page.
 */
export function serverPriceTable(env: Env = process.env): PriceTable {
  const g = globalThis as GlobalWithPrices;
  const key = cacheKey(env);
  if (g[globalKey]?.key === key) return g[globalKey].table;
  let table: PriceTable;
  try {
    table = loadPriceTable(env);
  } catch (err) {
    if (!(err instanceof PriceOverrideError)) throw err;
    log('error', 'price table rejected; using the built-in one', { error: err.message });
    table = BUILT_IN_PRICES;
  }
  g[globalKey] = { key, table };
  return table;
}
