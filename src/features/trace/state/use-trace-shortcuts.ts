// The screen's global shortcuts: `/` focuses find, Esc closes the shortcuts dialog or else clears the
// selection (not while typing), `?` opens the shortcuts dialog.
import { type RefObject, useEffect, useRef, useState } from 'react';

export interface TraceShortcuts {
  /** Give it to the find input: `/` focuses it. */
  findInput: RefObject<HTMLInputElement | null>;
  dialogOpen: boolean;
  closeDialog: () => void;
}

export function useTraceShortcuts(hasSelection: boolean, clearSelection: () => void): TraceShortcuts {
  const findInput = useRef<HTMLInputElement>(null);
  const [dialogOpen, setDialogOpen] = useState(false);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      const typing =
        target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.isContentEditable);
      if (event.key === 'Escape') {
        if (dialogOpen) setDialogOpen(false);
        else if (!typing && hasSelection) clearSelection();
        return;
      }
      if (typing || event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key === '/') {
        event.preventDefault();
        findInput.current?.focus();
      } else if (event.key === '?') {
        event.preventDefault();
        setDialogOpen(true);
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [dialogOpen, hasSelection, clearSelection]);
  return { findInput, dialogOpen, closeDialog: () => setDialogOpen(false) };
}
