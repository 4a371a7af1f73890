// The main thread's redaction rules for the screens (decision 0339).
export { useRedactor } from './use-redactor.ts';
