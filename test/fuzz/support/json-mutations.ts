import * as fc from 'fast-check';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every path (list of keys) inside a JSON value, the root included. */
function pathsOf(value: Json, prefix: string[] = []): string[][] {
  const paths = [prefix];
  if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) paths.push(...pathsOf(child, [...prefix, key]));
  }
  return paths;
}

/** Hostile replacements: wrong types, huge and odd strings, deep nesting, prototype keys, non-finite-looking numbers. */
export const hostileJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(null, true, 0, -1, 1e308, -0, '', ' ', '\u0000', '\ud800', 'null', '__proto__', [], {}, { __proto__: { admin: true } }),
  fc.string({ minLength: 1000, maxLength: 5000 }),
  fc.integer({ min: 1, max: 2000 }).map((depth) => JSON.parse('['.repeat(depth) + ']'.repeat(depth)) as unknown),
  fc.constant(JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}') as unknown),
);

/** A valid JSON value with 1–3 edits: a field replaced by hostile JSON, removed, or an extra field added. */
export function mutatedJson(valid: unknown): fc.Arbitrary<unknown> {
  const paths = pathsOf(valid as Json);
  const edit = fc.record({
    path: fc.constantFrom(...paths),
    action: fc.constantFrom('replace', 'delete', 'add'),
    value: hostileJson,
    key: fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('__proto__', 'constructor', 'data', 'type')),
  });
  return fc.array(edit, { minLength: 1, maxLength: 3 }).map((edits) => {
    let root = JSON.parse(JSON.stringify(valid)) as Json; // not structuredClone: that builds objects of another realm under jest
    // Each inserted value is a fresh copy: fast-check hands out shared constants, which an edit must not change.
    for (const { path, action, value, key } of edits) root = applyEdit(root, path, action, copy(value), key);
    return root;
  });
}

function copy(value: unknown): Json {
  return value === undefined ? null : (JSON.parse(JSON.stringify(value)) as Json);
}

function applyEdit(root: Json, path: string[], action: string, value: Json, key: string): Json {
  if (path.length === 0) return action === 'replace' ? value : root;
  let parent: Json = root;
  for (const step of path.slice(0, -1)) {
    if (parent === null || typeof parent !== 'object') return root;
    parent = (parent as Record<string, Json>)[step] ?? null;
  }
  if (parent === null || typeof parent !== 'object') return root;
  const target = parent as Record<string, Json>;
  const last = path[path.length - 1]!;
  // defineProperty, not assignment: a `__proto__` key must stay an own property, as JSON.parse makes it.
  if (action === 'delete') delete target[last];
  else Object.defineProperty(target, action === 'replace' ? last : key, { value, enumerable: true, writable: true, configurable: true });
  return root;
}
