// Request bodies are parsed with a guard against prototype pollution: a key named `__proto__`,
// `constructor` or `prototype` anywhere in the document is refused outright. Intents never need
// such keys, and refusing is safer than hoping every later merge copies objects carefully.

import { AppError } from './errors';

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** undefined for an empty body; throws a 400 AppError for malformed JSON or a forbidden key. */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === '') return undefined;
  let forbidden: string | undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text, (key, value) => {
      if (FORBIDDEN_KEYS.has(key)) forbidden ??= key;
      return value;
    });
  } catch (err) {
    throw new AppError(400, 'invalid_json', `The request body is not valid JSON: ${(err as Error).message}`);
  }
  if (forbidden) throw new AppError(400, 'invalid_request', `The key "${forbidden}" is not allowed in a request body.`);
  return parsed;
}
