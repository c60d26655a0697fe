import { formatSerial, isValidSerial, normalizeSerial, randomSerial } from '@paspoort/pki';

describe('serials', () => {
  it('ok/random serials are 16 positive octets without a leading zero, and distinct', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const bytes = randomSerial();
      expect(bytes).toHaveLength(16);
      expect(bytes[0]).toBeGreaterThan(0);
      expect(bytes[0]).toBeLessThan(0x80);
      const hex = formatSerial(bytes);
      expect(isValidSerial(hex)).toBe(true);
      seen.add(hex);
    }
    expect(seen.size).toBe(200);
  });

  it('ok/random source is injectable and a zero first byte is redrawn', () => {
    const draws = [Buffer.alloc(16, 0), Buffer.alloc(16, 0xff)];
    expect(formatSerial(randomSerial(() => draws.shift() as Buffer))).toBe('7f' + 'ff'.repeat(15));
  });

  const formats: Array<[string, number[], string]> = [
    ['ok/plain', [0x01, 0x02], '0102'],
    ['ok/sign byte dropped', [0x00, 0x8f, 0x01], '8f01'],
    ['ok/leading zeros dropped', [0x00, 0x00, 0x05], '05'],
    ['ok/zero stays one byte', [0x00], '00'],
  ];
  it.each(formats)('formatSerial %s', (_name, bytes, hex) => {
    expect(formatSerial(Uint8Array.from(bytes))).toBe(hex);
  });

  const validity: Array<[string, string, boolean]> = [
    ['ok/one octet', '01', true],
    ['ok/20 octets with top bit clear', '7f' + 'ff'.repeat(19), true],
    ['ok/19 octets with top bit set', '80' + '00'.repeat(18), true],
    ['fail/20 octets with top bit set needs a 21st sign octet', '80' + '00'.repeat(19), false],
    ['fail/21 octets', '01'.repeat(21), false],
    ['fail/odd length', '123', false],
    ['fail/upper case', 'AB', false],
    ['fail/leading zero byte', '0080', false],
    ['fail/zero', '00', false],
    ['fail/empty', '', false],
    ['fail/not hex', 'zz', false],
  ];
  it.each(validity)('isValidSerial %s', (_name, hex, valid) => {
    expect(isValidSerial(hex)).toBe(valid);
  });

  it.each<[string, string | Uint8Array, string]>([
    ['ok/0x prefix and upper case', '0x8F01', '8f01'],
    ['ok/odd length', 'abc', '0abc'],
    ['ok/bytes', Uint8Array.from([0, 1]), '01'],
  ])('normalizeSerial %s', (_name, input, expected) => {
    expect(normalizeSerial(input)).toBe(expected);
  });

  it.each(['', 'xyz', '0', '00'.repeat(3), 'ff'.repeat(20)])('normalizeSerial fail/%s', (input) => {
    expect(() => normalizeSerial(input)).toThrow(expect.objectContaining({ code: 'SERIAL_INVALID' }));
  });
});
