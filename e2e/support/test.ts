// The Playwright `test` every browser spec imports: it fails a test when the page logs a console
// error or throws an uncaught exception (CSP violations and React warnings-as-errors included).
// A test that expects a specific error (a failing datasource's 500, say) allows it by a pattern, matched
// against the message followed by its source in parentheses, e.g.
// "Failed to load resource: the server responded with a status of 500 (…) (http://…/api/ds/bad/api/echo:0)":
//   test.use({ allowedConsoleErrors: anyOf(/status of 500 .*\/api\/ds\/bad\//, /other/) });
// (One RegExp rather than an array: Playwright would read `[a, b]` in test.use as a value and its options.)

import { test as base, expect } from '@playwright/test';

export interface ConsoleGuardOptions {
  /** Console errors matching this do not fail the test. */
  allowedConsoleErrors: RegExp | null;
}

/** One pattern that matches what any of the given patterns matches. */
export function anyOf(...patterns: RegExp[]): RegExp {
  return new RegExp(patterns.map((pattern) => `(?:${pattern.source})`).join('|'));
}

export const test = base.extend<ConsoleGuardOptions>({
  allowedConsoleErrors: [null, { option: true }],
  page: async ({ page, allowedConsoleErrors }, use) => {
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      const { url, lineNumber } = message.location();
      const described = `${message.text()}${url ? ` (${url}:${lineNumber})` : ''}`;
      if (allowedConsoleErrors?.test(described)) return;
      problems.push(`console error: ${described}`);
    });
    page.on('pageerror', (error) => {
      problems.push(`uncaught exception: ${error.stack ?? error.message}`);
    });
    await use(page);
    expect(problems, 'the page logged errors').toEqual([]);
  },
});

export { expect };
