import { createBrowserRouter } from 'react-router';
import { HomePage } from '../features/home/HomePage';
import { Layout } from './Layout';
import { NotFoundPage } from './NotFoundPage';
import { RouteError } from './RouteError';

// Routes of the URL contract (DESIGN.md, "URLs"). The heavy screens are loaded on demand, each in its
// own chunk, so the shell stays small; their URL parameters are owned by src/routes/*-url.ts.
export function createAppRouter(basename: string) {
  return createBrowserRouter(
    [
      {
        path: '/',
        Component: Layout,
        HydrateFallback: LoadingPage,
        children: [
          {
            errorElement: <RouteError />,
            children: [
              { index: true, Component: HomePage },
              {
                path: 'search',
                lazy: async () => ({ Component: (await import('../features/search/SearchPage')).SearchPage }),
              },
              {
                path: 'trace/:traceId',
                lazy: async () => ({ Component: (await import('../features/trace/TracePage')).TracePage }),
              },
              {
                path: 'compare/:traceA/:traceB',
                lazy: async () => ({
                  Component: (await import('../features/compare/ComparePage')).ComparePage,
                }),
              },
              {
                path: 'services',
                lazy: async () => ({
                  Component: (await import('../features/services/ServicesPage')).ServicesPage,
                }),
              },
              {
                path: 'map',
                lazy: async () => ({ Component: (await import('../features/map/MapPage')).MapPage }),
              },
              {
                path: 'logs',
                lazy: async () => ({ Component: (await import('../features/logs/LogsPage')).LogsPage }),
              },
              {
                path: 'metrics',
                lazy: async () => ({
                  Component: (await import('../features/metrics/MetricsPage')).MetricsPage,
                }),
              },
              {
                path: 'settings',
                lazy: async () => ({
                  Component: (await import('../features/settings/SettingsPage')).SettingsPage,
                }),
              },
              { path: '*', Component: NotFoundPage },
            ],
          },
        ],
      },
    ],
    { basename },
  );
}

function LoadingPage() {
  return <p className="p-8 text-sm text-slate-600 dark:text-slate-400">Loading…</p>;
}
