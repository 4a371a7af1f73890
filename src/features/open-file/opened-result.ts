// A file that opened: its trace and the worker holding it. Its own module so that the drop zone and
// the trace picker can both name it without importing each other.
import type { OpenResult } from './read-input.ts';

export type OpenedResult = Extract<OpenResult, { ok: true }>;
