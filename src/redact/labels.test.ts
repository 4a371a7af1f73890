import { describe, expect, it } from 'vitest';
import type { Attribute } from '../model/types.ts';
import {
  distinctLabelNames,
  labelValueMasked,
  redactLabels,
  redactLabelValue,
  redactSeriesLabels,
} from './labels.ts';
import { createRedactor, MASK, Redactor } from './rules.ts';

const s = (key: string, value: string): Attribute => ({ key, value: { type: 'string', value } });

describe('derived label values through the rules (decision 0332)', () => {
  const redactor = createRedactor();

  it('masks a label by its attribute key, scope prefix off, and by the keyless rules', () => {
    expect(redactLabelValue(redactor, 'span.user.email', 'ann.lee@example.com')).toEqual({
      value: MASK,
      masked: true,
    });
    expect(redactLabelValue(redactor, 'span.db.password', 'hunter2').masked).toBe(true);
    expect(
      redactLabelValue(redactor, '.http.request.header.authorization', 'Bearer abc').value,
    ).not.toContain('abc');
    // A span name (`name`) with an e-mail in it: the keyless rules.
    expect(redactLabelValue(redactor, 'name', 'notify ann.lee@example.com')).toEqual({
      value: `notify ${MASK}`,
      masked: true,
    });
    // Prometheus labels spell dots as underscores.
    expect(redactLabelValue(redactor, 'db_password', 'hunter2').masked).toBe(true);
  });

  it('leaves ordinary values as they are, and calls a mask from ingest a mask', () => {
    expect(redactLabelValue(redactor, 'resource.service.name', 'checkout')).toEqual({
      value: 'checkout',
      masked: false,
    });
    expect(redactLabelValue(redactor, 'name', 'GET /api/cart')).toEqual({
      value: 'GET /api/cart',
      masked: false,
    });
    expect(redactLabelValue(redactor, 'span.user.email', MASK).masked).toBe(true);
    expect(redactLabelValue(new Redactor([]), 'span.user.email', MASK).masked).toBe(true);
    expect(labelValueMasked('checkout')).toBe(false);
  });

  it('series and exemplar labels: masked where a rule fires, the same objects where none does', () => {
    const plain = {
      labels: [s('resource.service.name', 'cart')],
      exemplars: [{ labels: [s('span.x', '1')] }],
    };
    const secret = {
      labels: [s('span.user.email', 'bob@example.com')],
      exemplars: [{ labels: [s('span.user.email', 'bob@example.com')] }],
    };
    const [a, b] = redactSeriesLabels(redactor, [plain, secret]);
    expect(a).toBe(plain);
    expect(JSON.stringify(b)).not.toContain('bob@');
    expect(b.labels[0].value).toEqual({ type: 'string', value: MASK });
    expect(b.exemplars[0].labels[0].value).toEqual({ type: 'string', value: MASK });
    const numbers = [{ key: 'p', value: { type: 'double', value: 0.95 } } as Attribute];
    expect(redactLabels(redactor, numbers)).toBe(numbers);
  });
});

describe('distinct names for masked values (the service map)', () => {
  it('keeps two masked services apart without showing either, and leaves others as they are', () => {
    const name = distinctLabelNames(createRedactor(), 'service.name');
    const a = name('billing ann@example.com');
    const b = name('billing bob@example.com');
    expect(a).toBe(`billing ${MASK} #1`);
    expect(b).toBe(`billing ${MASK} #2`);
    expect(name('billing ann@example.com')).toBe(a);
    expect(name('checkout')).toBe('checkout');
    expect(labelValueMasked(a)).toBe(true);
  });
});
