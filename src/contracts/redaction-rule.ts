// One redaction rule as configured (src/redact/rules.ts says what each field does; patterns are RE2,
// checked there). Its own module: the browser reads rules in the public config (public-config.ts)
// and should not build the whole server configuration's schema to do so (decision 0340).
import { absentWhenNull, map, optionalText, show } from './fields.ts';
import { z } from './zod.ts';

const RULE_NAME_PATTERN = /^[A-Za-z0-9_.-]+$/;
const REDACT_ACTIONS = ['drop', 'mask', 'replace'] as const;

/** One redaction rule (src/redact/rules.ts says what each field does; patterns are RE2, checked there). */
export const redactionRuleSchema = map(
  {
    name: z
      .string({ error: (issue) => `must be a rule name (letters, digits, . _ -), got ${show(issue.input)}` })
      .regex(RULE_NAME_PATTERN, {
        error: (issue) => `must be a rule name (letters, digits, . _ -), got ${show(issue.input)}`,
      }),
    keys: absentWhenNull(
      z.preprocess(
        (value) => (typeof value === 'string' ? [value] : value),
        z.array(z.string().min(1), { error: 'must be a key glob or a list of them' }),
      ),
    ),
    pattern: optionalText(),
    action: z.enum(REDACT_ACTIONS, {
      error: (issue) => `must be drop, mask or replace, got ${show(issue.input)}`,
    }),
    replacement: absentWhenNull(z.string({ error: 'must be a string' })),
    check: absentWhenNull(z.enum(['luhn'], { error: (issue) => `must be luhn, got ${show(issue.input)}` })),
  },
  'must be a map with name, action and keys or pattern',
).refine((rule) => rule.keys !== undefined || rule.pattern !== undefined, {
  error: 'needs keys, a pattern or both',
});
