import * as fc from 'fast-check';

/** One edit of a byte string: the kinds of damage a hostile or broken client does to DER. */
export type ByteMutation =
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'set'; at: number; byte: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'delete'; at: number; count: number }
  | { kind: 'duplicate'; at: number; count: number };

/** Bytes that matter to DER: tags, length forms (short, long, indefinite, oversized), and their neighbours. */
const interestingByte = fc.oneof(
  fc.constantFrom(0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x30, 0x31, 0x7f, 0x80, 0x81, 0x82, 0x84, 0x85, 0xa0, 0xff),
  fc.integer({ min: 0, max: 255 }),
);

const mutation: fc.Arbitrary<ByteMutation> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }), weight: 4 },
  { arbitrary: fc.record({ kind: fc.constant('set' as const), at: fc.nat(), byte: interestingByte }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }), weight: 1 },
  {
    arbitrary: fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
    weight: 2,
  },
  { arbitrary: fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), count: fc.integer({ min: 1, max: 8 }) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), count: fc.integer({ min: 1, max: 64 }) }), weight: 1 },
);

/** Applies one edit; positions wrap around the input so every generated edit lands somewhere. */
export function applyMutation(input: Uint8Array, m: ByteMutation): Uint8Array {
  const bytes = Buffer.from(input);
  const at = bytes.length === 0 ? 0 : m.at % bytes.length;
  switch (m.kind) {
    case 'flip':
      if (bytes.length > 0) bytes[at] ^= 1 << m.bit;
      return bytes;
    case 'set':
      if (bytes.length > 0) bytes[at] = m.byte;
      return bytes;
    case 'truncate':
      return bytes.subarray(0, at);
    case 'insert':
      return Buffer.concat([bytes.subarray(0, at), m.bytes, bytes.subarray(at)]);
    case 'delete':
      return Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + m.count)]);
    case 'duplicate':
      return Buffer.concat([bytes.subarray(0, at + m.count), bytes.subarray(at)]);
  }
}

/** A valid input damaged by 1–4 edits. */
export function mutated(valid: Uint8Array): fc.Arbitrary<Uint8Array> {
  return fc.array(mutation, { minLength: 1, maxLength: 4 }).map((edits) => edits.reduce(applyMutation, valid));
}

/** PEM text damaged in its armour or body: characters replaced, inserted, deleted; lines duplicated. */
export function mutatedText(valid: string): fc.Arbitrary<string> {
  const piece = fc.oneof(
    fc.constantFrom(
      '-',
      '-----',
      '-----BEGIN ',
      '-----END ',
      'CERTIFICATE',
      '=',
      '\n',
      '\r\n',
      ' ',
      '\u0000',
      'é',
      '\ud800',
      'A',
      '/',
      '+',
    ),
    fc.string({ maxLength: 4 }),
  );
  const edit = fc.record({ at: fc.nat(), remove: fc.integer({ min: 0, max: 6 }), insert: piece });
  return fc.array(edit, { minLength: 1, maxLength: 4 }).map((edits) =>
    edits.reduce((text, e) => {
      const at = text.length === 0 ? 0 : e.at % text.length;
      return text.slice(0, at) + e.insert + text.slice(at + e.remove);
    }, valid),
  );
}
