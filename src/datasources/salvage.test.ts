import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseSalvaging } from './salvage';

const schema = z.strictObject({
  title: z.string().default('untitled'),
  items: z.array(z.strictObject({ id: z.string().min(1), note: z.string().optional() })).default([]),
  tags: z.array(z.string()).optional(),
});

describe('parseSalvaging', () => {
  it('keeps a body that fits as it is', () => {
    const body = { title: 't', items: [{ id: 'a' }], tags: ['x'] };
    expect(parseSalvaging(schema, body)).toEqual(body);
  });

  it('drops a list entry that does not fit, and only that one', () => {
    expect(
      parseSalvaging(schema, { items: [{ id: 'a' }, { id: '' }, 'junk', { note: 'no id' }, { id: 'b' }] }),
    ).toEqual({
      title: 'untitled',
      items: [{ id: 'a' }, { id: 'b' }],
    });
    expect(parseSalvaging(schema, { tags: ['x', 7, 'y'] })?.tags).toEqual(['x', 'y']);
  });

  it('removes an optional field that does not fit, so its default applies, and unknown fields', () => {
    expect(
      parseSalvaging(schema, { title: 42, items: [{ id: 'a', note: 5, extra: true }], tags: 'x', other: 1 }),
    ).toEqual({ title: 'untitled', items: [{ id: 'a' }] });
    expect(parseSalvaging(schema, { items: 'nope' })).toEqual({ title: 'untitled', items: [] });
  });

  it('gives up only when nothing short of the whole body fits', () => {
    expect(parseSalvaging(schema, 'text')).toBeUndefined();
    expect(parseSalvaging(z.strictObject({ required: z.string() }), { required: 5 })).toBeUndefined();
  });

  it('leaves the caller’s value alone', () => {
    const body = { items: [{ id: '' }] };
    parseSalvaging(schema, body);
    expect(body).toEqual({ items: [{ id: '' }] });
  });
});
