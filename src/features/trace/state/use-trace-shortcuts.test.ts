// @vitest-environment jsdom
import { act, renderHook } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useTraceShortcuts } from './use-trace-shortcuts.ts';

const press = (key: string, target: EventTarget = document.body, init: KeyboardEventInit = {}) => {
  const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init });
  act(() => {
    target.dispatchEvent(event);
  });
  return event;
};

afterEach(() => {
  document.body.innerHTML = '';
});

describe('useTraceShortcuts', () => {
  it('`/` focuses find, `?` opens the shortcuts, Esc closes them before it clears the selection', () => {
    const clear = vi.fn();
    const { result } = renderHook(() => useTraceShortcuts(true, clear));
    const input = document.createElement('input');
    document.body.append(input);
    result.current.findInput.current = input;

    expect(press('/').defaultPrevented).toBe(true);
    expect(document.activeElement).toBe(input);
    input.blur();

    expect(press('?').defaultPrevented).toBe(true);
    expect(result.current.dialogOpen).toBe(true);
    press('Escape');
    expect(result.current.dialogOpen).toBe(false);
    expect(clear).not.toHaveBeenCalled();
    press('Escape');
    expect(clear).toHaveBeenCalledTimes(1);
  });

  it('leaves keys alone while typing, with modifiers, and Esc without a selection', () => {
    const clear = vi.fn();
    const { result } = renderHook(({ selected }) => useTraceShortcuts(selected, clear), {
      initialProps: { selected: true },
    });
    const input = document.createElement('input');
    document.body.append(input);
    expect(press('?', input).defaultPrevented).toBe(false);
    press('Escape', input);
    expect(clear).not.toHaveBeenCalled();
    expect(press('/', document.body, { ctrlKey: true }).defaultPrevented).toBe(false);
    expect(result.current.dialogOpen).toBe(false);
  });

  it('does not clear a selection there is not', () => {
    const clear = vi.fn();
    renderHook(() => useTraceShortcuts(false, clear));
    press('Escape');
    expect(clear).not.toHaveBeenCalled();
  });
});
