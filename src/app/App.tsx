import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';
import { RouterProvider } from 'react-router/dom';
import { OpenedTracesProvider } from '../features/open-file/opened-traces';
import { addMissingTrailingSlash, routerBasename } from './base-path';
import { startBootWork } from './boot';
import { createAppRouter } from './router';

export function App() {
  const [{ queryClient, router }] = useState(() => {
    const queryClient = new QueryClient({ defaultOptions: { queries: { refetchOnWindowFocus: false } } });
    const basename = routerBasename(document);
    addMissingTrailingSlash(basename, window.location, window.history);
    startBootWork(queryClient, basename, window.location);
    return { queryClient, router: createAppRouter(basename) };
  });
  return (
    <QueryClientProvider client={queryClient}>
      {/* Traces opened from files live as long as the app: picked on the home page, shown by the trace page. */}
      <OpenedTracesProvider>
        <RouterProvider router={router} />
      </OpenedTracesProvider>
    </QueryClientProvider>
  );
}
