// The trace header's redaction badge (decision 0319): how many values the rules changed in this
// trace (counted in the worker), a popover naming the rules that fired and how often, and — when the
// operator allows it (`redaction.allowReveal`) — a switch to show the values as decoded. The switch
// is screen state, never in the URL: a shared link always opens redacted.
import { useId } from 'react';
import { formatCount } from '../../ui/format.ts';
import { focusRing } from '../../ui/styles.ts';
import { usePopover } from '../../ui/use-popover.ts';
import type { TraceRedaction } from '../../worker/protocol.ts';

/** What the built-in rules (src/redact/rules.ts) do, in the popover's words. */
const RULE_TEXT: Readonly<Record<string, string>> = {
  'secret-keys': 'secrets by attribute name (authorization, cookies, passwords, API keys, tokens)',
  'sql-literals': 'literals in SQL statements',
  'url-query': 'query-string values in URLs',
  'url-query-text': 'query-string values',
  'bearer-token': 'bearer tokens',
  jwt: 'JSON Web Tokens',
  email: 'e-mail addresses',
  'card-number': 'card numbers (Luhn-checked)',
};

export function redactionBadgeText(redaction: TraceRedaction): string | null {
  if (redaction.revealed) return 'Redacted values shown';
  // Counted after first paint (decision 0318): the values are already masked meanwhile.
  if (redaction.where === 'worker' && redaction.counting) return 'Redacted values: counting…';
  if (redaction.where !== 'worker' || redaction.total === 0) return null;
  return `${formatCount(redaction.total)} ${redaction.total === 1 ? 'value' : 'values'} redacted`;
}

export function RedactionBadge(props: { redaction: TraceRedaction; onReveal?: (reveal: boolean) => void }) {
  const { redaction, onReveal } = props;
  const { open, setOpen, wrapper, button, hide, onKeyDown } = usePopover();
  const id = useId();
  const text = redactionBadgeText(redaction);
  if (text === null) return null;
  const tone = redaction.revealed
    ? 'bg-amber-200 text-amber-950'
    : 'border border-emerald-600 bg-emerald-50 text-emerald-950 dark:border-emerald-400 dark:bg-emerald-950 dark:text-emerald-100';
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: the key handler only catches Esc from the controls inside
    <div ref={wrapper} className="relative" data-badge="redaction" onKeyDown={onKeyDown}>
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-controls={`${id}-redaction`}
        className={`rounded px-1.5 py-0.5 ${tone} ${focusRing}`}
        onClick={() => setOpen(!open)}
      >
        {text}
      </button>
      {open ? (
        <div
          id={`${id}-redaction`}
          role="dialog"
          aria-labelledby={`${id}-redaction-title`}
          className="absolute top-full left-0 z-40 mt-1 w-[24rem] rounded border border-gray-300 bg-white p-3 text-xs text-gray-900 shadow-lg dark:border-gray-600 dark:bg-gray-900 dark:text-gray-100"
        >
          <div className="mb-2 flex items-center">
            <h2 id={`${id}-redaction-title`} className="flex-1 text-sm font-semibold">
              {redaction.revealed ? 'Values shown as the datasource sent them' : 'Redacted in this browser'}
            </h2>
            <button
              type="button"
              className={`rounded border border-gray-400 px-1.5 dark:border-gray-500 ${focusRing}`}
              onClick={hide}
            >
              Close
            </button>
          </div>
          {redaction.revealed ? (
            <p>
              The redaction rules are off for this trace on this screen. Links you copy and traces you export
              still apply them.
            </p>
          ) : (
            <>
              <p className="mb-2">
                The server’s redaction rules changed these values when the trace was read, before anything was
                shown, searched, copied or exported.
              </p>
              {redaction.counting ? <p aria-live="polite">Counting the values the rules changed…</p> : null}
              <table className="w-full">
                <caption className="sr-only">Rules that fired</caption>
                <thead>
                  <tr className="text-left opacity-80">
                    <th scope="col">Rule</th>
                    <th scope="col" className="text-right">
                      Values
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {redaction.byRule.map((r) => (
                    <tr key={r.rule} data-rule={r.rule}>
                      <td>
                        <span className="font-mono">{r.rule}</span>
                        {RULE_TEXT[r.rule] ? <span className="opacity-80">: {RULE_TEXT[r.rule]}</span> : null}
                      </td>
                      <td className="text-right tabular-nums">{formatCount(r.count)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
          {redaction.mayReveal && onReveal ? (
            <label className="mt-2 flex items-center gap-2">
              <input
                type="checkbox"
                className={focusRing}
                checked={redaction.revealed}
                onChange={(event) => onReveal(event.target.checked)}
              />
              Reveal the original values on this screen
            </label>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
