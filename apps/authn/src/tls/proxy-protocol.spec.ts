import { proxySource } from './proxy-protocol';

describe('proxySource (PROXY protocol v1 header line)', () => {
  it.each([
    ['ok/TCP4', 'PROXY TCP4 192.0.2.7 10.0.0.1 51234 8444', '192.0.2.7'],
    ['ok/TCP6', 'PROXY TCP6 2001:db8::7 2001:db8::1 51234 8444', '2001:db8::7'],
  ])('%s', (_name, line, source) => expect(proxySource(line)).toBe(source));

  it.each([
    ['fail/UNKNOWN protocol', 'PROXY UNKNOWN'],
    ['fail/family mismatch', 'PROXY TCP4 2001:db8::7 10.0.0.1 1 2'],
    ['fail/garbage address', 'PROXY TCP4 evil 10.0.0.1 1 2'],
    ['fail/port out of range', 'PROXY TCP4 192.0.2.7 10.0.0.1 70000 2'],
    ['fail/extra field', 'PROXY TCP4 192.0.2.7 10.0.0.1 1 2 3'],
  ])('%s', (_name, line) => expect(proxySource(line)).toBeUndefined());
});
