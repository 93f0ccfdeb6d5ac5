// A price table given by the operator (other regions, discounts, spot), checked and merged over
// the built-in one. Pure: the server reads the file or the variable and hands the text here.
//
//   { "name": "eu-west-1 with 30% EDP",
//     "discountPercent": 30,
//     "prices": { "m6a.large": { "onDemand": 0.0972, "spot": 0.0389 } } }
//
// Types the override does not list keep their built-in on-demand price; types the built-in table
// does not know (a real cluster runs any EC2 type) are priced as given.

import { z } from 'zod';
import type { PriceSource, PriceTable } from './pricing';

/** An EC2 instance type name: `m6a.large`, `m7i-flex.xlarge`, `u-6tb1.metal`. */
const INSTANCE_TYPE = /^[a-z][a-z0-9-]{0,30}\.[a-z0-9-]{1,30}$/;

const hourly = z.number({ error: 'must be a number (USD per hour)' }).positive('must be more than 0').max(1000, 'must be at most 1000 USD per hour');

const entrySchema = z
  .strictObject({ onDemand: hourly.optional(), spot: hourly.optional() })
  .refine((e) => e.onDemand !== undefined || e.spot !== undefined, 'give onDemand, spot or both');

export const priceOverrideSchema = z
  .strictObject({
    name: z.string().trim().min(1, 'must not be empty').max(80, 'must be at most 80 characters').regex(/^[^\p{C}]*$/u, 'must be printable text'),
    discountPercent: z.number({ error: 'must be a number' }).min(0, 'must be 0–100').lt(100, 'must be less than 100').optional(),
    prices: z.record(z.string().regex(INSTANCE_TYPE, 'is not an instance type name (e.g. m6a.large)'), entrySchema).optional(),
  })
  .refine((o) => o.discountPercent !== undefined || (o.prices && Object.keys(o.prices).length > 0), 'give prices, discountPercent or both');

export type PriceOverride = z.infer<typeof priceOverrideSchema>;

export class PriceOverrideError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PriceOverrideError';
  }
}

/** The override's text (JSON) checked; the error names where it came from and every bad entry. */
export function parsePriceOverride(text: string, origin: string): PriceOverride {
  let json: unknown;
  try {
    json = JSON.parse(text, (key, value) => {
      // zod would drop `__proto__` silently; a table with an entry quietly missing is worse than none.
      if (key === '__proto__' || key === 'constructor' || key === 'prototype') throw new PriceOverrideError(`${origin}: the key ${JSON.stringify(key)} is not allowed`);
      return value;
    });
  } catch (err) {
    if (err instanceof PriceOverrideError) throw err;
    throw new PriceOverrideError(`${origin}: not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  const parsed = priceOverrideSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => {
    const where = issue.path.map((p) => (typeof p === 'string' && !/^[A-Za-z_]\w*$/.test(p) ? JSON.stringify(p) : String(p))).join('.');
    // A bad record key is reported as "Invalid key in record" with the key's own issue inside.
    const message = issue.code === 'invalid_key' && issue.issues[0] ? issue.issues[0].message : issue.message;
    return `  ${where || '(top level)'}: ${message}`;
  });
  throw new PriceOverrideError(`${origin}: invalid price table:\n${lines.join('\n')}`);
}

/** The override over the built-in table: listed types replace theirs, the rest stay. */
export function mergePriceOverride(base: PriceTable, override: PriceOverride, source: Exclude<PriceSource, 'built-in'>): PriceTable {
  const onDemand: Record<string, number> = { ...base.onDemand };
  const spot: Record<string, number> = { ...base.spot };
  for (const [type, entry] of Object.entries(override.prices ?? {})) {
    if (entry.onDemand !== undefined) onDemand[type] = entry.onDemand;
    if (entry.spot !== undefined) spot[type] = entry.spot;
  }
  return { name: override.name, source, onDemand, spot, discountPercent: override.discountPercent ?? 0 };
}
