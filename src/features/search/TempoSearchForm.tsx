// Tempo: the TraceQL box, the builder that writes into it, limit and matched spans shown per trace (spss).
// A metrics query (`| rate()`) has neither: its step is set over its chart.
import { type FormEvent, useId, useState } from 'react';
import type { SuggestionWindow } from '../../queries/services';
import type { TraceDatasourceRef } from '../../queries/trace-clients';
import type { SearchUrlState } from '../../routes/search-url';
import { Button } from '../../ui/Button';
import { TextInput } from '../../ui/TextInput';
import { metricsQueryFacts } from './metrics-query';
import { QueryInput, type QueryInputError } from './QueryInput';
import { Field, TraceQLBuilder } from './TraceQLBuilder';
import { type BuilderState, buildTraceQL, EMPTY_BUILDER } from './traceql-builder';

export interface TempoSearchFormProps {
  state: SearchUrlState;
  datasource: TraceDatasourceRef;
  window: SuggestionWindow;
  /** Ask for suggestions (once the page's search has answered). */
  suggest: boolean;
  error?: QueryInputError;
  running: boolean;
  onSubmit(next: SearchUrlState): void;
}

export function TempoSearchForm({
  state,
  datasource,
  window,
  suggest,
  error,
  running,
  onSubmit,
}: TempoSearchFormProps) {
  const limitId = useId();
  const spssId = useId();
  const [q, setQ] = useState(state.q);
  const [builder, setBuilder] = useState<BuilderState>(EMPTY_BUILDER);
  const [limit, setLimit] = useState(String(state.limit));
  const [spss, setSpss] = useState(String(state.spss));
  const [builderOpen] = useState(() => state.q === '' || state.q.replace(/\s+/g, '') === '{}');
  const isMetrics = metricsQueryFacts(q) !== undefined;

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    const toInt = (text: string, fallback: number) => {
      const n = Number(text);
      return Number.isSafeInteger(n) && n >= 1 ? n : fallback;
    };
    onSubmit({ ...state, q: q.trim(), limit: toInt(limit, state.limit), spss: toInt(spss, state.spss) });
  };

  return (
    <form onSubmit={submit} aria-label="TraceQL search" className="flex flex-col gap-3">
      <QueryInput
        value={q}
        onChange={setQ}
        onRun={() => submit()}
        datasource={datasource.name}
        timeRange={state.range}
        error={error}
      />
      <details open={builderOpen} className="group">
        <summary className="cursor-pointer text-sm text-slate-700 dark:text-slate-300">
          Build a query (writes TraceQL into the box)
        </summary>
        <div className="mt-2">
          <TraceQLBuilder
            datasource={datasource}
            window={window}
            suggest={suggest}
            value={builder}
            onChange={(next) => {
              setBuilder(next);
              setQ(buildTraceQL(next));
            }}
          />
        </div>
      </details>
      <div className="flex flex-wrap items-end gap-3">
        {!isMetrics && (
          <>
            <Field label="Limit" id={limitId}>
              <TextInput
                id={limitId}
                type="number"
                min={1}
                className="w-24"
                value={limit}
                onChange={(e) => setLimit(e.target.value)}
              />
            </Field>
            <Field label="Matched spans shown per trace" id={spssId}>
              <TextInput
                id={spssId}
                type="number"
                min={1}
                className="w-24"
                value={spss}
                aria-describedby={`${spssId}-hint`}
                title="Tempo's spss: how many of the spans that matched the query each result lists"
                onChange={(e) => setSpss(e.target.value)}
              />
              <span id={`${spssId}-hint`} className="sr-only">
                How many of the spans that matched the query each result lists (Tempo's spss)
              </span>
            </Field>
          </>
        )}
        <Button type="submit" variant="primary" aria-busy={running || undefined}>
          {running ? 'Searching…' : 'Run query'}
        </Button>
      </div>
    </form>
  );
}
