// Jaeger and Zipkin: service (suggested), operation (suggested for the service), tags in logfmt,
// duration bounds and limit.
import { type FormEvent, useId, useState } from 'react';
import { useOperationNames, useServiceNames } from '../../queries/services';
import type { TraceDatasourceRef } from '../../queries/trace-clients';
import type { SearchUrlState } from '../../routes/search-url';
import { Button } from '../../ui/Button';
import { TextInput } from '../../ui/TextInput';
import { isDuration } from './durations';
import { parseLogfmt } from './logfmt';
import { Field, Suggestions } from './TraceQLBuilder';

export interface ServiceSearchFormProps {
  state: SearchUrlState;
  datasource: TraceDatasourceRef;
  /** The backend's answer to the last search, when it failed. */
  error?: string;
  /** What the search needs before it can run (Jaeger: a service), said gently beside the Service field. */
  hint?: string;
  running: boolean;
  onSubmit(next: SearchUrlState): void;
}

export function ServiceSearchForm({
  state,
  datasource,
  error,
  hint,
  running,
  onSubmit,
}: ServiceSearchFormProps) {
  const ids = {
    service: useId(),
    services: useId(),
    operation: useId(),
    operations: useId(),
    tags: useId(),
    min: useId(),
    max: useId(),
    limit: useId(),
    problem: useId(),
    hint: useId(),
  };
  const [service, setService] = useState(state.service);
  const [operation, setOperation] = useState(state.operation);
  const [tags, setTags] = useState(state.tags);
  const [minDuration, setMinDuration] = useState(state.minDuration ?? '');
  const [maxDuration, setMaxDuration] = useState(state.maxDuration ?? '');
  const [limit, setLimit] = useState(String(state.limit));
  const [problem, setProblem] = useState<string>();
  const services = useServiceNames(datasource);
  const operations = useOperationNames(datasource, service.trim());

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsedTags = parseLogfmt(tags);
    if (!parsedTags.ok) return setProblem(`Tags: ${parsedTags.error}`);
    for (const [label, text] of [
      ['Min duration', minDuration],
      ['Max duration', maxDuration],
    ] as const) {
      if (text.trim() && !isDuration(text))
        return setProblem(`${label}: write a number and a unit, e.g. 250ms or 1.5s.`);
    }
    if (datasource.type === 'jaeger' && !service.trim())
      return setProblem('Jaeger searches one service: choose one.');
    const n = Number(limit);
    setProblem(undefined);
    onSubmit({
      ...state,
      service: service.trim(),
      operation: operation.trim(),
      tags: tags.trim(),
      minDuration: minDuration.trim() || undefined,
      maxDuration: maxDuration.trim() || undefined,
      limit: Number.isSafeInteger(n) && n >= 1 ? n : state.limit,
    });
  };

  const shown = problem ?? error;
  return (
    <form onSubmit={submit} aria-label="Service search" className="flex flex-col gap-3" noValidate>
      <div className="grid grid-cols-1 gap-2 sm:grid-cols-2 lg:grid-cols-3">
        <Field label="Service" id={ids.service}>
          <TextInput
            id={ids.service}
            list={ids.services}
            value={service}
            autoComplete="off"
            aria-describedby={hint && !problem && !error ? ids.hint : undefined}
            onChange={(e) => setService(e.target.value)}
          />
          <Suggestions id={ids.services} values={services.data ?? []} />
        </Field>
        <Field label="Operation" id={ids.operation}>
          <TextInput
            id={ids.operation}
            list={ids.operations}
            value={operation}
            autoComplete="off"
            onChange={(e) => setOperation(e.target.value)}
          />
          <Suggestions id={ids.operations} values={operations.data ?? []} />
        </Field>
        <Field label="Tags (logfmt)" id={ids.tags}>
          <TextInput
            id={ids.tags}
            value={tags}
            placeholder="http.status_code=500 error=true"
            className="font-mono"
            onChange={(e) => setTags(e.target.value)}
          />
        </Field>
        <Field label="Min duration" id={ids.min}>
          <TextInput
            id={ids.min}
            value={minDuration}
            placeholder="e.g. 100ms"
            onChange={(e) => setMinDuration(e.target.value)}
          />
        </Field>
        <Field label="Max duration" id={ids.max}>
          <TextInput
            id={ids.max}
            value={maxDuration}
            placeholder="e.g. 2s"
            onChange={(e) => setMaxDuration(e.target.value)}
          />
        </Field>
        <Field label="Limit" id={ids.limit}>
          <TextInput
            id={ids.limit}
            type="number"
            min={1}
            value={limit}
            onChange={(e) => setLimit(e.target.value)}
          />
        </Field>
      </div>
      {!shown && hint && (
        <p
          id={ids.hint}
          role="status"
          className="rounded-md border border-sky-300 bg-sky-50 px-2 py-1 text-sm text-sky-950 dark:border-sky-700 dark:bg-sky-950 dark:text-sky-100"
        >
          {hint}
        </p>
      )}
      {shown && (
        <p
          id={ids.problem}
          role="alert"
          data-testid="query-error"
          className="whitespace-pre-wrap rounded-md border border-red-300 bg-red-50 px-2 py-1 text-sm text-red-900 dark:border-red-700 dark:bg-red-950 dark:text-red-100"
        >
          {shown}
        </p>
      )}
      <div>
        <Button type="submit" variant="primary" aria-busy={running || undefined}>
          {running ? 'Searching…' : 'Find traces'}
        </Button>
      </div>
    </form>
  );
}
