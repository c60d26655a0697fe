/** One PEM block (RFC 7468): its label and decoded bytes. */
export interface PemBlock {
  label: string;
  der: Buffer;
}

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END ([A-Z0-9 ]+)-----/g;

/**
 * All PEM blocks of `text`, in order. Explanatory text between blocks is ignored (RFC 7468 §2); a block whose
 * END label differs from its BEGIN label or whose body is not strict base64 throws `RangeError`.
 */
export function decodePemBlocks(text: string): PemBlock[] {
  const blocks: PemBlock[] = [];
  for (const match of text.matchAll(BLOCK)) {
    const [, label, body, endLabel] = match;
    if (label !== endLabel) throw new RangeError(`PEM: BEGIN ${label} closed by END ${endLabel}`);
    blocks.push({ label, der: decodeStrictBase64(body) });
  }
  return blocks;
}

/** True when the text contains a PEM BEGIN line (so it should be treated as PEM, not DER). */
export function looksLikePem(input: string | Uint8Array): boolean {
  const head = typeof input === 'string' ? input : Buffer.from(input.subarray(0, 4096)).toString('latin1');
  return head.includes('-----BEGIN ');
}

/** Encodes DER as a PEM block with 64-character lines and a trailing newline. */
export function encodePem(label: string, der: Uint8Array): string {
  const lines =
    Buffer.from(der)
      .toString('base64')
      .match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

function decodeStrictBase64(body: string): Buffer {
  const compact = body.replace(/\s+/g, '');
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(compact)) {
    throw new RangeError('PEM: body is not base64');
  }
  return Buffer.from(compact, 'base64');
}
