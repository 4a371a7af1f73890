import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';
import { RouterProvider } from 'react-router/dom';
import { OpenedTracesProvider } from '../features/open-file/opened-traces';
import { startBootWork } from './boot';
import type { BootState } from './early-boot';
import { createAppRouter } from './router';

export function App({ boot }: { boot: BootState }) {
  const [{ queryClient, router }] = useState(() => {
    const queryClient = new QueryClient({ defaultOptions: { queries: { refetchOnWindowFocus: false } } });
    startBootWork(queryClient, boot);
    return { queryClient, router: createAppRouter(boot.basename) };
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
