/**
 * Internal: addresses as big-endian unsigned 32-bit words (1 word for IPv4, 4 for IPv6).
 * Words make containment a few integer operations, which keeps the per-request decision cheap.
 */
export type IpKind = 'v4' | 'v6';

export interface IpBits {
  readonly kind: IpKind;
  readonly words: readonly number[];
}

export const MAX_PREFIX: Readonly<Record<IpKind, number>> = { v4: 32, v6: 128 };

/** Longest textual IPv4 (`255.255.255.255`) and IPv6 (`ffff:…:ffff:255.255.255.255`) address. */
const MAX_IPV4_LENGTH = 15;
const MAX_IPV6_LENGTH = 45;

/**
 * Strict dotted quad: four decimal octets 0..255, no leading zeros (`010` could mean octal 8), nothing else.
 * Hand-written rather than a regex because authn parses every request's source address.
 */
export function parseIpv4Word(text: string): number | null {
  if (text.length > MAX_IPV4_LENGTH) return null;
  let word = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x2e && digits > 0 && dots < 3) {
      word = word * 256 + octet;
      octet = digits = 0;
      dots++;
    } else if (c >= 0x30 && c <= 0x39 && !(digits === 1 && octet === 0)) {
      octet = octet * 10 + (c - 0x30);
      if (++digits > 3 || octet > 255) return null;
    } else return null;
  }
  return dots === 3 && digits > 0 ? word * 256 + octet : null;
}

/**
 * RFC 4291 text: eight hex groups of 1..4 digits, at most one `::` standing for one or more zero groups, and
 * optionally a dotted quad as the last 32 bits. No zone ids (`%eth0` names a local interface, not a host).
 */
export function parseIpv6Words(text: string): number[] | null {
  if (text.length > MAX_IPV6_LENGTH) return null;
  const gap = text.indexOf('::');
  if (gap < 0) {
    const groups = parseGroups(text, true);
    return groups !== null && groups.length === 8 ? toWords(groups) : null;
  }
  if (text.indexOf('::', gap + 1) >= 0) return null;
  const head = parseGroups(text.slice(0, gap), false);
  const tail = parseGroups(text.slice(gap + 2), true);
  if (head === null || tail === null || head.length + tail.length > 7) return null;
  return toWords([...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail]);
}

/** Colon-separated hex groups as 16-bit values; a dotted quad may end the part when `dottedTail` is set. */
function parseGroups(part: string, dottedTail: boolean): number[] | null {
  if (part === '') return [];
  const texts = part.split(':');
  const groups: number[] = [];
  for (let i = 0; i < texts.length; i++) {
    const text = texts[i]!;
    if (dottedTail && i === texts.length - 1 && text.includes('.')) {
      const word = parseIpv4Word(text);
      if (word === null) return null;
      groups.push(word >>> 16, word & 0xffff);
    } else {
      const group = parseHexGroup(text);
      if (group < 0) return null;
      groups.push(group);
    }
  }
  return groups;
}

/** 1..4 hex digits, either case; -1 otherwise. */
function parseHexGroup(text: string): number {
  if (text.length === 0 || text.length > 4) return -1;
  let value = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const lower = c | 0x20; // folds A-F onto a-f (only those fold into a-f)
    const digit = c >= 0x30 && c <= 0x39 ? c - 0x30 : lower >= 0x61 && lower <= 0x66 ? lower - 0x57 : -1;
    if (digit < 0) return -1;
    value = value * 16 + digit;
  }
  return value;
}

function toWords(hextets: readonly number[]): number[] {
  return [0, 2, 4, 6].map((i) => ((hextets[i]! << 16) | hextets[i + 1]!) >>> 0);
}

/** Parses a plain address (no prefix) in the family it is written in. */
export function parseRawAddressBits(text: string): IpBits | null {
  const v4 = parseIpv4Word(text);
  if (v4 !== null) return { kind: 'v4', words: [v4] };
  const v6 = parseIpv6Words(text);
  return v6 === null ? null : { kind: 'v6', words: v6 };
}

/** Parses a plain address (no prefix); IPv4-mapped IPv6 (`::ffff:a.b.c.d`) comes back as IPv4. */
export function parseAddressBits(text: string): IpBits | null {
  const bits = parseRawAddressBits(text);
  if (bits === null || bits.kind === 'v4' || !isMappedIpv4(bits.words)) return bits;
  return { kind: 'v4', words: [bits.words[3]!] };
}

/** `::ffff:0:0/96`, the IPv4-mapped block of RFC 4291 section 2.5.5.2. */
export function isMappedIpv4(words: readonly number[]): boolean {
  return words[0] === 0 && words[1] === 0 && words[2] === 0xffff;
}

/** The mask of word `index` for a prefix of `prefixLength` bits. */
export function wordMask(prefixLength: number, index: number): number {
  const bits = Math.min(32, Math.max(0, prefixLength - 32 * index));
  return bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
}

/** True when `address` lies in `network/prefixLength`; both must be of the same kind. */
export function wordsInRange(network: readonly number[], prefixLength: number, address: readonly number[]): boolean {
  for (let i = 0; i < network.length; i++) {
    if (((network[i]! ^ address[i]!) & wordMask(prefixLength, i)) !== 0) return false;
  }
  return true;
}

export function hasHostBits(words: readonly number[], prefixLength: number): boolean {
  return words.some((word, i) => (word & ~wordMask(prefixLength, i)) !== 0);
}

export function formatBits(bits: IpBits): string {
  return bits.kind === 'v4' ? formatIpv4(bits.words[0]!) : formatIpv6(bits.words);
}

function formatIpv4(word: number): string {
  return [word >>> 24, (word >>> 16) & 0xff, (word >>> 8) & 0xff, word & 0xff].join('.');
}

/** RFC 5952: lower case, no leading zeros, `::` for the longest (first on a tie) run of two or more zero groups. */
function formatIpv6(words: readonly number[]): string {
  const hextets = words.flatMap((word) => [word >>> 16, word & 0xffff]);
  const run = longestZeroRun(hextets);
  const hex = (groups: number[]): string => groups.map((group) => group.toString(16)).join(':');
  if (run.length < 2) return hex(hextets);
  return `${hex(hextets.slice(0, run.start))}::${hex(hextets.slice(run.start + run.length))}`;
}

function longestZeroRun(hextets: readonly number[]): { start: number; length: number } {
  let best = { start: 0, length: 0 };
  let start = -1;
  for (let i = 0; i <= hextets.length; i++) {
    if (i < hextets.length && hextets[i] === 0) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      if (i - start > best.length) best = { start, length: i - start };
      start = -1;
    }
  }
  return best;
}
