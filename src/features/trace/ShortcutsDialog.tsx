import { useEffect, useRef } from 'react';

const SHORTCUTS: Array<[string, string]> = [
  ['↓ / j', 'Next span'],
  ['↑ / k', 'Previous span'],
  ['→ / ←', 'Expand / collapse, or go to the parent'],
  ['Enter / Space', 'Collapse or expand the selected span'],
  ['Page Up / Page Down, Home / End', 'Move by a page, to the first or last span'],
  ['/', 'Find'],
  ['Enter / Shift+Enter in find', 'Next / previous match'],
  ['Esc', 'Close the details panel'],
  ['?', 'This list'],
];

export function ShortcutsDialog(props: { onClose: () => void }) {
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => close.current?.focus(), []);
  return (
    <div
      role="dialog"
      aria-modal="true"
      aria-label="Keyboard shortcuts"
      className="fixed inset-0 z-50 flex items-center justify-center bg-black/40"
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
        <button ref={close} type="button" className="mt-3 rounded border px-2 py-0.5" onClick={props.onClose}>
          Close
        </button>
      </div>
    </div>
  );
}
