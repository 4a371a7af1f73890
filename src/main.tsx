// The entry: a small module that starts what the URL names (src/app/early-boot.ts) and then fetches
// React and the app, so the trace's request does not wait for them (decision 0340).
import './index.css';
import { preloadScreen, startEarlyBoot } from './app/early-boot';

const boot = startEarlyBoot(document, window.location, window.history);
preloadScreen(window.location.pathname.slice(boot.basename.length));
const root = document.getElementById('root');
if (root) {
  import('./app/mount').then(
    ({ mountApp }) => mountApp(root, boot),
    (error: unknown) => {
      // Written as text: the error names a URL, which may carry anything.
      const message = document.createElement('p');
      message.setAttribute('role', 'alert');
      message.style.padding = '1rem';
      message.textContent = `Tracelight could not load its code (${error instanceof Error ? error.message : String(error)}). Reload the page to try again.`;
      root.replaceChildren(message);
    },
  );
}
