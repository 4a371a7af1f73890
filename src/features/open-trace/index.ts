// What other features use of "open a trace by ID or link": reading the input and where it leads.
export { foundText } from './found-text';
export { openTargetPath } from './open-target';
export { needsConfirmation, parseTraceInput } from './parse-trace-input';
