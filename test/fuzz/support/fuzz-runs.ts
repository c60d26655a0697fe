import * as fc from 'fast-check';

/** Cases per property: small by default so `npm test` stays fast; `FUZZ_RUNS=10000` for `npm run test:fuzz`. */
export const FUZZ_RUNS = runsFromEnv(process.env.FUZZ_RUNS, 200);

/** Longest a single parse may take before we call it a hang (generous: the CI machine is shared). */
export const MAX_PARSE_MS = 2000;

/** fast-check parameters for one property; `share` scales the count for the slow (crypto, HTTP) properties. */
export function fuzzParameters(share = 1): fc.Parameters<unknown> {
  return { numRuns: Math.max(1, Math.round(FUZZ_RUNS * share)), endOnFailure: true };
}

/** Jest timeout of a fuzz test: a base for setup plus a budget per case. */
export function fuzzTimeout(msPerCase: number, share = 1): number {
  return 30_000 + Math.round(FUZZ_RUNS * share * msPerCase);
}

function runsFromEnv(text: string | undefined, fallback: number): number {
  const value = text === undefined ? fallback : Number(text);
  if (!Number.isInteger(value) || value < 1) throw new Error(`FUZZ_RUNS must be a positive integer, got ${text}`);
  return value;
}

/**
 * Runs `parse` and classifies the outcome: a value, or an error that `isExpected` accepts. Anything else (a
 * TypeError, a RangeError from a nested decoder, a hang) fails the property with the offending error.
 */
export function expectOnly<T>(parse: () => T, isExpected: (error: unknown) => boolean): { value?: T; error?: unknown } {
  const started = performance.now();
  let outcome: { value?: T; error?: unknown };
  try {
    outcome = { value: parse() };
  } catch (error) {
    if (!isExpected(error)) throw error;
    outcome = { error };
  }
  const took = performance.now() - started;
  if (took > MAX_PARSE_MS) throw new Error(`parse took ${Math.round(took)} ms (more than ${MAX_PARSE_MS} ms)`);
  return outcome;
}
