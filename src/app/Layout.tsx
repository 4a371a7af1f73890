import { Outlet, useLocation, useMatch } from 'react-router';
import { parseTraceUrl } from '../routes/trace-url';
import { TopBar } from './TopBar';
import { useApplyTheme } from './theme';

/** The app frame: skip link, top bar (hidden for embedded trace views), the page. */
export function Layout() {
  useApplyTheme();
  const traceMatch = useMatch('/trace/:traceId');
  const location = useLocation();
  const trace = traceMatch ? parseTraceUrl(traceMatch.params.traceId ?? '', location.search) : undefined;
  const embedded = trace?.ok === true && trace.state.embed;
  return (
    <div className="flex min-h-dvh flex-col">
      {!embedded && (
        <a
          href="#main"
          className="sr-only rounded-md bg-sky-700 px-3 py-2 text-white focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50"
        >
          Skip to content
        </a>
      )}
      {!embedded && <TopBar />}
      <main id="main" tabIndex={-1} className="flex min-h-0 flex-1 flex-col outline-none">
        <Outlet />
      </main>
    </div>
  );
}
