// The query box and datasource choice of the query pages' forms.
import type { DatasourceInfo } from '../../datasources/config';
import { Select } from '../../ui/Select';
import { controlBase, focusRing } from '../../ui/styles';
import { Field } from './RangeFields';

export interface QueryTextareaProps {
  /** The query language's name (`LogQL`, `PromQL`), shown as the label. */
  label: string;
  value: string;
  onChange: (value: string) => void;
  placeholder?: string;
  /** Ctrl/Cmd+Enter runs the query even with Shift held (otherwise Shift+Enter always adds a line). */
  modifiedEnterRuns?: boolean;
}

/** A monospace query box: Enter runs the form, Shift+Enter adds a line. */
export function QueryTextarea(props: QueryTextareaProps) {
  return (
    <Field label={props.label}>
      {(id) => (
        <textarea
          id={id}
          name="q"
          rows={3}
          spellCheck={false}
          placeholder={props.placeholder}
          className={`${controlBase} ${focusRing} font-mono`}
          value={props.value}
          onChange={(e) => props.onChange(e.target.value)}
          onKeyDown={(e) => {
            const modified = props.modifiedEnterRuns === true && (e.ctrlKey || e.metaKey);
            if (e.key === 'Enter' && (modified || !e.shiftKey)) {
              e.preventDefault();
              e.currentTarget.form?.requestSubmit();
            }
          }}
        />
      )}
    </Field>
  );
}

export interface DatasourceSelectProps {
  datasources: readonly DatasourceInfo[];
  value: string;
  onChange: (name: string) => void;
}

/**
 * Which datasource of the page's type to query (Loki on /logs, the embedded local-logs included):
 * shown whenever there is one, so the page says what it asks even without a choice.
 */
export function DatasourceSelect(props: DatasourceSelectProps) {
  if (props.datasources.length === 0) return null;
  return (
    <Field label="Datasource">
      {(id) => (
        <Select id={id} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
          {props.datasources.map((ds) => (
            <option key={ds.name} value={ds.name}>
              {ds.displayName}
            </option>
          ))}
        </Select>
      )}
    </Field>
  );
}
