import * as fc from 'fast-check';
import { mutatedText } from './mutations';
import { hostileJson, mutatedJson } from './json-mutations';

/** A request body as a hostile client sends it: raw bytes plus the content type it claims. */
export interface HostileBody {
  bytes: string | Uint8Array;
  contentType: string;
}

const json = (value: unknown): string => JSON.stringify(value) ?? 'undefined';

/** Invalid UTF-8: lone continuation bytes, overlong encodings, surrogates encoded as UTF-8, truncated sequences. */
const invalidUtf8 = fc
  .tuple(fc.constantFrom([0x80], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82], [0xff, 0xfe]), fc.nat(20))
  .map(([bad, at]) => {
    const text = Buffer.from('{"subject":"person:p-1","environment":"test"}');
    const i = at % text.length;
    return Buffer.concat([text.subarray(0, i), Buffer.from(bad), text.subarray(i)]);
  });

/** Bodies around one valid body: mutated JSON values, mutated JSON text, other types, junk, invalid UTF-8, deep nesting. */
export function hostileBodies(valid: unknown): fc.Arbitrary<HostileBody> {
  const asJson = (bytes: string | Uint8Array): HostileBody => ({ bytes, contentType: 'application/json' });
  return fc.oneof(
    { arbitrary: mutatedJson(valid).map((v) => asJson(json(v))), weight: 5 },
    { arbitrary: hostileJson.map((v) => asJson(json(v))), weight: 2 },
    { arbitrary: mutatedText(json(valid)).map(asJson), weight: 2 },
    { arbitrary: fc.uint8Array({ maxLength: 300 }).map(asJson), weight: 1 },
    { arbitrary: invalidUtf8.map(asJson), weight: 1 },
    { arbitrary: fc.integer({ min: 100, max: 5000 }).map((d) => asJson(`{"subject":${'['.repeat(d)}${']'.repeat(d)}}`)), weight: 1 },
    {
      arbitrary: fc.record({
        bytes: fc.constantFrom(json(valid), 'subject=person:p-1', '<x/>', ''),
        contentType: fc.constantFrom(
          'text/plain',
          'application/x-www-form-urlencoded',
          'application/json; charset=utf-16',
          'application/xml',
          'application/ocsp-request',
          'application/json; charset=latin1',
        ),
      }),
      weight: 1,
    },
  );
}

/** Just over the 64 kB body limit, in a JSON string field that a schema would otherwise have checked. */
export function oversizedBody(valid: Record<string, unknown>, field: string): string {
  return JSON.stringify({ ...valid, [field]: 'A'.repeat(65 * 1024) });
}
