/**
 * Minimal strict DER helpers: just enough to slice signed structures (the exact bytes a signature covers)
 * and to encode the few primitives the ASN.1 libraries do not build for us. Not a general ASN.1 parser.
 */

/** One DER element located inside a buffer. `end` is exclusive. */
export interface DerElement {
  tag: number;
  start: number;
  contentStart: number;
  end: number;
}

/**
 * Reads the element starting at `offset`. Throws `RangeError` on indefinite or non-minimal lengths,
 * multi-byte tags, or an element that runs past the buffer.
 */
export function readDerElement(buf: Uint8Array, offset = 0): DerElement {
  if (offset + 2 > buf.length) throw new RangeError('DER: truncated header');
  const tag = buf[offset];
  if ((tag & 0x1f) === 0x1f) throw new RangeError('DER: multi-byte tags are not supported');
  const first = buf[offset + 1];
  let length = first;
  let contentStart = offset + 2;
  if (first & 0x80) {
    const count = first & 0x7f;
    if (count === 0 || count > 4) throw new RangeError('DER: indefinite or oversized length');
    if (contentStart + count > buf.length) throw new RangeError('DER: truncated length');
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + buf[contentStart + i];
    if (buf[contentStart] === 0 || length < 0x80) throw new RangeError('DER: non-minimal length');
    contentStart += count;
  }
  const end = contentStart + length;
  if (end > buf.length) throw new RangeError('DER: element runs past the end of the input');
  return { tag, start: offset, contentStart, end };
}

/** Returns the raw bytes (header included) of the first child of the SEQUENCE that fills `buf` exactly. */
export function firstChildOfSequence(buf: Uint8Array): Uint8Array {
  const outer = readDerElement(buf, 0);
  if (outer.tag !== 0x30 || outer.end !== buf.length) throw new RangeError('DER: not exactly one SEQUENCE');
  const child = readDerElement(buf, outer.contentStart);
  if (child.end > outer.end) throw new RangeError('DER: child runs past its parent');
  return buf.subarray(child.start, child.end);
}

function encodeLength(length: number): Uint8Array {
  if (length < 0x80) return Uint8Array.of(length);
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n % 256);
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

/** Encodes a tag-length-value triple. */
export function encodeTlv(tag: number, content: Uint8Array): Buffer {
  return Buffer.concat([Uint8Array.of(tag), encodeLength(content.length), content]);
}

/** DER INTEGER of a non-negative bigint (minimal, with a 0x00 sign byte when the top bit is set). */
export function encodeNonNegativeInteger(value: bigint): Buffer {
  if (value < 0n) throw new RangeError('DER: negative integer');
  let hex = value.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  let bytes = Buffer.from(hex, 'hex');
  if (bytes[0] & 0x80) bytes = Buffer.concat([Uint8Array.of(0), bytes]);
  return encodeTlv(0x02, bytes);
}

/** DER IA5String; throws on non-ASCII input. */
export function encodeIa5String(value: string): Buffer {
  if (!/^[\x00-\x7f]*$/.test(value)) throw new RangeError('DER: IA5String must be ASCII');
  return encodeTlv(0x16, Buffer.from(value, 'ascii'));
}

/** Raw bytes (headers included) of every child of the constructed element that fills `element` exactly. */
export function derChildren(element: Uint8Array): Uint8Array[] {
  const outer = readDerElement(element, 0);
  if (outer.end !== element.length || !(outer.tag & 0x20)) throw new RangeError('DER: not exactly one constructed element');
  const children: Uint8Array[] = [];
  for (let offset = outer.contentStart; offset < outer.end;) {
    const child = readDerElement(element, offset);
    if (child.end > outer.end) throw new RangeError('DER: child runs past its parent');
    children.push(element.subarray(child.start, child.end));
    offset = child.end;
  }
  return children;
}

/** Content octets of a primitive element that fills `element` exactly. */
export function derContent(element: Uint8Array): Uint8Array {
  const parsed = readDerElement(element, 0);
  if (parsed.end !== element.length) throw new RangeError('DER: trailing bytes');
  return element.subarray(parsed.contentStart, parsed.end);
}
