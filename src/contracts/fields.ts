// Field schemas that carry the configuration's own wording in their errors (`must be true or false,
// got "yes"`), so a problem reads the same whichever field it is found in.
import { z } from './zod.ts';

type Issue = z.core.$ZodRawIssue;

export const show = (value: unknown): string => JSON.stringify(value);

/** YAML writes an empty value as null: an optional field given null is taken as absent. */
export function absentWhenNull<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => (value === null ? undefined : value), schema.optional());
}

function requiredTextMessage(issue: Issue): string {
  return issue.input === undefined || issue.input === null
    ? 'is required'
    : `must be a non-empty string, got ${show(issue.input)}`;
}

/** A required non-empty string. */
export function requiredText() {
  return z.preprocess(
    (value) => (value === null ? undefined : value),
    z.string({ error: requiredTextMessage }).min(1, { error: requiredTextMessage }),
  );
}

/** An optional string; null is absent, and so is "" when `emptyIsAbsent`. */
export function optionalText(options: { emptyIsAbsent?: boolean } = {}) {
  return z.preprocess(
    (value) => (value === null || (options.emptyIsAbsent && value === '') ? undefined : value),
    z.string({ error: (issue) => `must be a non-empty string, got ${show(issue.input)}` }).optional(),
  );
}

/** A required string from a fixed list, e.g. `unknown type "tempoo" (expected tempo|jaeger)`. */
export function requiredChoice<const T extends readonly [string, ...string[]]>(values: T, what: string) {
  return z.preprocess(
    (value) => (value === null ? undefined : value),
    z.enum(values, {
      error: (issue) =>
        typeof issue.input === 'string' && issue.input !== ''
          ? `unknown ${what} ${show(issue.input)} (expected ${values.join('|')})`
          : requiredTextMessage(issue),
    }),
  );
}

/** An optional true/false; null is absent. */
export function optionalFlag() {
  return absentWhenNull(z.boolean({ error: (issue) => `must be true or false, got ${show(issue.input)}` }));
}

/** An integer in [min, max]; a string of digits in range counts (environment-style YAML values). */
export function integer(min: number, max: number) {
  const message = (issue: Issue) => `must be an integer from ${min} to ${max}, got ${show(issue.input)}`;
  return z.preprocess(
    (value) => {
      if (typeof value !== 'string' || !/^\d+$/.test(value)) return value;
      const number = Number(value);
      return number >= min && number <= max ? number : value;
    },
    z
      .number({ error: message })
      .int({ error: message })
      .min(min, { error: message })
      .max(max, { error: message }),
  );
}

/** A map that must be an object: `message` when it is something else. */
export function map<const T extends z.core.$ZodLooseShape>(shape: T, message: string) {
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `unknown field (expected one of ${Object.keys(shape).join(', ')})`
        : message,
  });
}

/** A list; `message` when the value is not one. */
export function list<T extends z.ZodType>(item: T, message: string) {
  return z.array(item, { error: message });
}

const LINE_BREAK = /[\r\n\0]/;

/** Text that goes into an HTTP header value. */
export function headerText() {
  return absentWhenNull(
    z
      .string({ error: (issue) => `must be a non-empty string, got ${show(issue.input)}` })
      .refine((value) => !LINE_BREAK.test(value), { error: 'must not contain line breaks' }),
  );
}

export function hasLineBreak(value: string): boolean {
  return LINE_BREAK.test(value);
}
