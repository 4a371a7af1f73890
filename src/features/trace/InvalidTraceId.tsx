// What a trace or compare URL shows when its trace ID is not one: the ID as given (as text), why,
// and the way home.
import { Link } from 'react-router';
import { Notice } from '../../ui/Notice.tsx';

export function InvalidTraceId({ rawTraceId, error }: { rawTraceId: string; error: string }) {
  return (
    <div className="mx-auto flex max-w-2xl flex-col gap-3 p-8">
      <title>Invalid trace ID · Tracelight</title>
      <h1 className="text-2xl font-semibold">Not a trace ID</h1>
      <Notice tone="error">
        <p>
          <code className="font-mono break-all">{rawTraceId}</code> is not a trace ID. {error}
        </p>
      </Notice>
      <p>
        <Link to="/" className="underline">
          Go to the home page
        </Link>
      </p>
    </div>
  );
}
