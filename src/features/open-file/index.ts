// What other features use of opening trace files: the drop zone and the traces it opened.

export { OpenFiles } from './OpenFiles.tsx';
export type { OpenedResult } from './opened-result.ts';
export {
  type OpenedTrace,
  type OpenedTraces,
  OpenedTracesProvider,
  useOpenedTraces,
} from './opened-traces.tsx';
