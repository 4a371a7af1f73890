import { Link, useLocation, useParams } from 'react-router';
import { parseTraceUrl } from '../../routes/trace-url';
import { KeyValueList } from '../../ui/KeyValueList';
import { NotBuiltYet } from '../../ui/NotBuiltYet';
import { Notice } from '../../ui/Notice';
import { linkText } from '../../ui/styles';

export function TracePage() {
  const { traceId = '' } = useParams();
  const location = useLocation();
  const parsed = parseTraceUrl(traceId, location.search);
  if (!parsed.ok) {
    return (
      <div className="mx-auto flex max-w-2xl flex-col gap-3 p-8">
        <title>Invalid trace ID · Tracelight</title>
        <h1 className="text-2xl font-semibold">Not a trace ID</h1>
        <Notice tone="error">
          <p>
            <code className="font-mono break-all">{parsed.rawTraceId}</code> is not a trace ID. {parsed.error}
          </p>
        </Notice>
        <p>
          <Link to="/" className={linkText}>
            Go to the home page
          </Link>
        </p>
      </div>
    );
  }
  const { state } = parsed;
  return (
    <NotBuiltYet title="Trace">
      <title>{`Trace ${state.traceId.slice(0, 8)} · Tracelight`}</title>
      <KeyValueList
        label="Trace parameters"
        items={[
          ['traceId', state.traceId],
          ['ds', state.ds ?? '(all trace datasources)'],
          ['span', state.span ?? ''],
          ['view', state.view],
          ['find', state.find],
          ['filter', state.filter],
          ['zoom', state.zoom ? `${state.zoom.startMs}–${state.zoom.endMs} ms` : ''],
          ['cp', state.criticalPath ? 'on' : 'off'],
          ['dark', state.darkTime ? 'on' : 'off'],
          ['skew', state.skewAdjust ? 'on' : 'off'],
          ['start', state.start ?? ''],
          ['end', state.end ?? ''],
          ['embed', state.embed ? 'on' : 'off'],
          ...state.extra.map(([key, value], index) => [`${key} (kept, #${index + 1})`, value] as const),
        ]}
      />
    </NotBuiltYet>
  );
}
