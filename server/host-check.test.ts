import { describe, expect, it } from 'vitest';
import { allInterfacesWarning, allowListFor, hostNameOf } from './host-check.ts';

describe('host allow-list (DNS rebinding)', () => {
  it('answers the loopback names and the bound host by default, whatever the port or case', () => {
    const list = allowListFor({ host: 'tracelight.internal' });
    for (const host of [
      'localhost:8080',
      'LOCALHOST.',
      '127.0.0.1',
      '[::1]:8080',
      'tracelight.internal:8080',
    ]) {
      expect(list.allows(hostNameOf(host)), host).toBe(true);
    }
    for (const host of [
      'attacker.example',
      'localhost.attacker.example',
      '127.0.0.2',
      'localhost@evil',
      '',
    ]) {
      expect(list.allows(hostNameOf(host)), host).toBe(false);
    }
  });

  it('does not add 0.0.0.0 or :: as names, and warns when binding every interface without a list', () => {
    const list = allowListFor({ host: '0.0.0.0' });
    expect(list.allows(hostNameOf('0.0.0.0:8080'))).toBe(false);
    expect(allInterfacesWarning({ host: '0.0.0.0' })).toMatch(/server\.allowedHosts/);
    expect(allInterfacesWarning({ host: '::', allowedHosts: ['tl.example.com'] })).toBeUndefined();
    expect(allInterfacesWarning({ host: '127.0.0.1' })).toBeUndefined();
  });

  it('takes configured names instead, a leading dot standing for a domain and its subdomains', () => {
    const list = allowListFor({
      host: '0.0.0.0',
      allowedHosts: ['.corp.example', 'tracelight.example.com', '::1'],
    });
    expect(list.allows(hostNameOf('corp.example'))).toBe(true);
    expect(list.allows(hostNameOf('tl.eu.corp.example:443'))).toBe(true);
    expect(list.allows(hostNameOf('evilcorp.example'))).toBe(false);
    expect(list.allows(hostNameOf('Tracelight.Example.com'))).toBe(true);
    expect(list.allows(hostNameOf('[::1]:8080'))).toBe(true);
    expect(list.allows(hostNameOf('localhost'))).toBe(false);
  });
});
