// The one zod every contract builds its schemas with. `jitless` must be set before any object
// schema is created (zod decides then whether to compile a fast path with `new Function`), and the
// app's Content-Security-Policy has no 'unsafe-eval': without it zod would probe `new Function` and
// the browser would report a CSP violation. Contracts are parsed a handful of times per run, so the
// compiled fast path would buy nothing on the server either.
import { z } from 'zod';

z.config({ jitless: true });

export { z };
