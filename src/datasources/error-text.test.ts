import { describe, expect, it } from 'vitest';
import { errorText } from './error-text';
import { BadRequestError, UnavailableError } from './errors';

describe('error text of a failed Loki or Prometheus call', () => {
  it("shows the backend's own words when it said something", () => {
    const error = new BadRequestError('Loki rejected the query', { backendMessage: 'parse error at line 1' });
    expect(errorText(error)).toBe('parse error at line 1');
    expect(errorText(new BadRequestError('Loki rejected the query'))).toBe('Loki rejected the query');
  });

  it("shows the gateway's message as it is, not a backend message", () => {
    const error = new UnavailableError('The gateway has no upstream', {
      fromGateway: true,
      backendMessage: 'ignored',
    });
    expect(errorText(error)).toBe('The gateway has no upstream');
  });

  it('reads any other error or value as text', () => {
    expect(errorText(new Error('boom'))).toBe('boom');
    expect(errorText('plain')).toBe('plain');
  });
});
