import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import type { BootState } from './early-boot';

/** Renders the app into `root`; loaded by the entry once the boot's work is under way. */
export function mountApp(root: HTMLElement, boot: BootState): void {
  createRoot(root).render(
    <StrictMode>
      <App boot={boot} />
    </StrictMode>,
  );
}
