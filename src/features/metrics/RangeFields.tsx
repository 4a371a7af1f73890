// `from` / `to` inputs in Grafana's forms (now-1h, now, epoch ms), shared by the logs and metrics pages.
import { type ReactNode, useId } from 'react';
import { TextInput } from '../../ui/TextInput';

export interface RangeFieldsProps {
  from: string;
  to: string;
  onFrom: (value: string) => void;
  onTo: (value: string) => void;
}

/** A label above its control; `children` gets the control's id. */
export function Field(props: { label: string; children: (id: string) => ReactNode }) {
  const id = useId();
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-xs font-medium">
        {props.label}
      </label>
      {props.children(id)}
    </div>
  );
}

export function RangeFields(props: RangeFieldsProps) {
  return (
    <>
      <Field label="From">
        {(id) => (
          <TextInput
            id={id}
            className="w-36 font-mono"
            value={props.from}
            onChange={(e) => props.onFrom(e.target.value)}
          />
        )}
      </Field>
      <Field label="To">
        {(id) => (
          <TextInput
            id={id}
            className="w-36 font-mono"
            value={props.to}
            onChange={(e) => props.onTo(e.target.value)}
          />
        )}
      </Field>
    </>
  );
}
