import { canonicalJson } from './canonical-json';
import { chainHash, GENESIS_HASH } from './chain-hash';

describe('canonicalJson', () => {
  it.each([
    ['ok/sorts keys at every depth', { b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } }, '{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}'],
    ['ok/escapes strings as JSON', { 'k"': 'line\nbreak' }, '{"k\\"":"line\\nbreak"}'],
    ['ok/drops undefined members', { a: undefined, b: true }, '{"b":true}'],
    ['ok/scalars', 'x', '"x"'],
    ['ok/empty containers', { a: [], b: {} }, '{"a":[],"b":{}}'],
  ])('%s', (_, value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
  });

  it('ok/the same event in another key order hashes the same', () => {
    const a = JSON.parse('{"id":"1","data":{"x":1,"y":2}}') as unknown;
    const b = JSON.parse('{"data":{"y":2,"x":1},"id":"1"}') as unknown;
    expect(chainHash(GENESIS_HASH, a)).toBe(chainHash(GENESIS_HASH, b));
    expect(chainHash(GENESIS_HASH, a)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('fail/a function is not JSON', () => {
    expect(() => canonicalJson(() => 1)).toThrow(TypeError);
  });
});
