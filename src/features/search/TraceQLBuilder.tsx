// The Tempo search builder: service, span name, status, duration bounds and attribute rows, with
// values suggested by Tempo (narrowed by the rest of the query). It writes TraceQL into the query box.
import { useId } from 'react';
import {
  type SuggestionWindow,
  useServiceNames,
  useTempoTagNames,
  useTempoTagValues,
} from '../../queries/services';
import type { TraceDatasourceRef } from '../../queries/trace-clients';
import { Button } from '../../ui/Button';
import { Select } from '../../ui/Select';
import { TextInput } from '../../ui/TextInput';
import {
  ATTRIBUTE_OPERATORS,
  type AttributeFilter,
  type AttributeOperator,
  BUILDER_STATUSES,
  type BuilderState,
  type BuilderStatus,
  buildTraceQL,
  type TagValueType,
} from './traceql-builder';

export interface TraceQLBuilderProps {
  datasource: TraceDatasourceRef;
  window: SuggestionWindow;
  /** Ask the backend for suggestions (off until the page's search has answered, so it goes first). */
  suggest: boolean;
  value: BuilderState;
  onChange(next: BuilderState): void;
}

const STATUS_LABELS: Record<BuilderStatus, string> = { '': 'Any', error: 'Error', ok: 'OK', unset: 'Unset' };

export function TraceQLBuilder({ datasource, window, suggest, value, onChange }: TraceQLBuilderProps) {
  const ids = { service: useId(), services: useId(), name: useId(), names: useId(), status: useId() };
  const minId = useId();
  const maxId = useId();
  const tagsListId = useId();
  const suggestFrom = suggest ? datasource : undefined;
  const services = useServiceNames(suggestFrom, window);
  const spanNames = useTempoTagValues(suggestFrom, 'name', buildTraceQL({ ...value, spanName: '' }), window);
  const tagNames = useTempoTagNames(suggestFrom);
  const set = (patch: Partial<BuilderState>) => onChange({ ...value, ...patch });
  const setRow = (index: number, patch: Partial<AttributeFilter>) =>
    set({ attributes: value.attributes.map((row, i) => (i === index ? { ...row, ...patch } : row)) });

  return (
    <fieldset className="flex flex-col gap-2 rounded-md border border-slate-200 p-3 dark:border-slate-700">
      <legend className="px-1 text-sm font-medium">Builder</legend>
      <div className="grid grid-cols-1 gap-2 sm:grid-cols-2 lg:grid-cols-5">
        <Field label="Service" id={ids.service}>
          <TextInput
            id={ids.service}
            list={ids.services}
            value={value.service}
            autoComplete="off"
            onChange={(e) => set({ service: e.target.value })}
          />
          <Suggestions id={ids.services} values={services.data ?? []} />
        </Field>
        <Field label="Span name" id={ids.name}>
          <TextInput
            id={ids.name}
            list={ids.names}
            value={value.spanName}
            autoComplete="off"
            onChange={(e) => set({ spanName: e.target.value })}
          />
          <Suggestions id={ids.names} values={(spanNames.data ?? []).map((v) => v.value)} />
        </Field>
        <Field label="Status" id={ids.status}>
          <Select
            id={ids.status}
            value={value.status}
            onChange={(e) => set({ status: e.target.value as BuilderStatus })}
          >
            {BUILDER_STATUSES.map((status) => (
              <option key={status} value={status}>
                {STATUS_LABELS[status]}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Span duration at least" id={minId}>
          <TextInput
            id={minId}
            value={value.minDuration}
            placeholder="e.g. 100ms"
            onChange={(e) => set({ minDuration: e.target.value })}
          />
        </Field>
        <Field label="Span duration at most" id={maxId}>
          <TextInput
            id={maxId}
            value={value.maxDuration}
            placeholder="e.g. 2s"
            onChange={(e) => set({ maxDuration: e.target.value })}
          />
        </Field>
      </div>
      <Suggestions id={tagsListId} values={tagNames.data ?? []} />
      {value.attributes.map((row, index) => (
        <AttributeRow
          // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity beyond their position
          key={index}
          index={index}
          row={row}
          tagsListId={tagsListId}
          datasource={datasource}
          window={window}
          otherConditions={buildTraceQL(value, index)}
          onChange={(patch) => setRow(index, patch)}
          onRemove={() => set({ attributes: value.attributes.filter((_, i) => i !== index) })}
        />
      ))}
      <div>
        <Button
          variant="ghost"
          onClick={() => set({ attributes: [...value.attributes, { tag: '', operator: '=', value: '' }] })}
        >
          + Attribute
        </Button>
      </div>
    </fieldset>
  );
}

function AttributeRow(props: {
  index: number;
  row: AttributeFilter;
  tagsListId: string;
  datasource: TraceDatasourceRef;
  window: SuggestionWindow;
  otherConditions: string;
  onChange(patch: Partial<AttributeFilter>): void;
  onRemove(): void;
}) {
  const { row, index } = props;
  const tagId = useId();
  const opId = useId();
  const valueId = useId();
  const valuesListId = useId();
  const values = useTempoTagValues(props.datasource, row.tag, props.otherConditions, props.window);
  const typeOf = (text: string): TagValueType | undefined =>
    values.data?.find((v) => v.value === text)?.type as TagValueType | undefined;
  return (
    <div role="group" aria-label={`Attribute ${index + 1}`} className="flex flex-wrap items-end gap-2">
      <Field label="Attribute" id={tagId}>
        <TextInput
          id={tagId}
          list={props.tagsListId}
          value={row.tag}
          placeholder="span.http.route"
          autoComplete="off"
          className="font-mono"
          onChange={(e) => props.onChange({ tag: e.target.value, valueType: undefined })}
        />
      </Field>
      <Field label="Operator" id={opId}>
        <Select
          id={opId}
          value={row.operator}
          onChange={(e) => props.onChange({ operator: e.target.value as AttributeOperator })}
        >
          {ATTRIBUTE_OPERATORS.map((op) => (
            <option key={op} value={op}>
              {op}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Value" id={valueId}>
        <TextInput
          id={valueId}
          list={valuesListId}
          value={row.value}
          autoComplete="off"
          onChange={(e) => props.onChange({ value: e.target.value, valueType: typeOf(e.target.value) })}
        />
        <Suggestions id={valuesListId} values={(values.data ?? []).map((v) => v.value)} />
      </Field>
      <Button variant="ghost" aria-label={`Remove attribute ${index + 1}`} onClick={props.onRemove}>
        ✕
      </Button>
    </div>
  );
}

export function Field(props: { label: string; id: string; children: React.ReactNode }) {
  return (
    <div className="flex min-w-0 flex-col gap-1">
      <label htmlFor={props.id} className="text-sm">
        {props.label}
      </label>
      {props.children}
    </div>
  );
}

export function Suggestions({ id, values }: { id: string; values: readonly string[] }) {
  return (
    <datalist id={id}>
      {values.slice(0, 500).map((value) => (
        <option key={value} value={value} />
      ))}
    </datalist>
  );
}
