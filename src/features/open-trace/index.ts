// What other features use of "open a trace by ID or link": reading the input and where it leads.
export { openTargetPath } from './open-target';
export { parseTraceInput } from './parse-trace-input';
