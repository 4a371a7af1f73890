// The query editors other features embed (Monaco itself loads lazily behind TraceQLEditor).
export { PlainQueryEditor } from './PlainQueryEditor.tsx';
export { TraceQLEditor, type TraceQLEditorProps } from './TraceQLEditor.tsx';
