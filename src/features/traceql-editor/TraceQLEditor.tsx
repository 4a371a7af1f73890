// The TraceQL editor as the app uses it: Monaco in its own lazily loaded chunk, with a plain text
// field while it loads and for good if it fails to load (a network hiccup must not block searching).
import { Component, lazy, type ReactNode, Suspense } from 'react';
import { PlainQueryEditor } from './PlainQueryEditor.tsx';
import type { TraceQLEditorProps } from './props.ts';

export type { TraceQLEditorProps } from './props.ts';

const MonacoQueryEditor = lazy(() => import('./MonacoQueryEditor.tsx'));

interface FallbackBoundaryProps {
  fallback: ReactNode;
  children: ReactNode;
}

/** Shows the fallback instead of the children once they throw (a chunk that failed to load, say). */
class FallbackBoundary extends Component<FallbackBoundaryProps, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override render() {
    return this.state.failed ? this.props.fallback : this.props.children;
  }
}

export function TraceQLEditor(props: TraceQLEditorProps) {
  const fallback = <PlainQueryEditor {...props} />;
  return (
    <FallbackBoundary fallback={fallback}>
      <Suspense fallback={fallback}>
        <MonacoQueryEditor {...props} />
      </Suspense>
    </FallbackBoundary>
  );
}

export default TraceQLEditor;
