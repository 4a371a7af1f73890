// Worker threads start without the TypeScript loader the server runs under (tsx in `npm start`,
// vite in vitest): register tsx's, then load the worker.
import { register } from 'tsx/esm/api';

register();
await import('./query-worker.ts');
