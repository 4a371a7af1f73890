// What other features and the shell use of opening trace files: the drop zone and the traces it opened.
export { OpenFiles } from './OpenFiles.tsx';
export type { OpenedResult } from './opened-result.ts';
export {
  createOpenedTraces,
  type OpenedTrace,
  OpenedTracesProvider,
  useOpenedTraces,
} from './opened-traces.tsx';
