import { useEffect, useRef } from 'react';
import { focusRing } from '../../ui/styles.ts';

const SHORTCUTS: Array<[string, string]> = [
  ['↓ / j', 'Next span'],
  ['↑ / k', 'Previous span'],
  ['→ / ←', 'Expand / collapse, or go to the parent'],
  ['Enter / Space', 'Collapse or expand the selected span, or unfold a group of repeats'],
  ['f / Backspace', 'Focus on the selected span’s subtree / go up one level'],
  ['Page Up / Page Down, Home / End', 'Move by a page, to the first or last span'],
  ['/', 'Find'],
  ['Enter / Shift+Enter in find', 'Next / previous match'],
  ['Esc', 'Close the details panel'],
  ['?', 'This list'],
];

export function ShortcutsDialog(props: { onClose: () => void }) {
  const close = useRef<HTMLButtonElement>(null);
  // Focus moves into the dialog and, when it closes, back to where it was (the waterfall, usually).
  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    close.current?.focus();
    return () => opener?.focus();
  }, []);
  return (
    // The dialog is modal: Tab stays on its one control instead of wandering into the page behind.
    <div
      role="dialog"
      aria-modal="true"
      aria-label="Keyboard shortcuts"
      className="fixed inset-0 z-50 flex items-center justify-center bg-black/40"
      onKeyDown={(event) => {
        if (event.key !== 'Tab') return;
        event.preventDefault();
        close.current?.focus();
      }}
    >
      <div className="rounded bg-white p-4 text-sm shadow-xl dark:bg-gray-900">
        <h2 className="mb-2 font-semibold">Keyboard shortcuts</h2>
        <table>
          <tbody>
            {SHORTCUTS.map(([keys, what]) => (
              <tr key={keys}>
                <td className="pr-4 font-mono">{keys}</td>
                <td>{what}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <button
          ref={close}
          type="button"
          className={`mt-3 rounded border px-2 py-0.5 ${focusRing}`}
          onClick={props.onClose}
        >
          Close
        </button>
      </div>
    </div>
  );
}
