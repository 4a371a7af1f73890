// `from` / `to` inputs in Grafana's forms (now-1h, now, epoch ms), and the labelled field every
// control of the query pages' forms sits in.
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

/** A one-line text field of a query form. */
export function TextField(props: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  /** Width and font classes of the input. */
  className: string;
  placeholder?: string;
}) {
  return (
    <Field label={props.label}>
      {(id) => (
        <TextInput
          id={id}
          className={props.className}
          placeholder={props.placeholder}
          value={props.value}
          onChange={(e) => props.onChange(e.target.value)}
        />
      )}
    </Field>
  );
}

export function RangeFields(props: RangeFieldsProps) {
  return (
    <>
      <TextField label="From" className="w-36 font-mono" value={props.from} onChange={props.onFrom} />
      <TextField label="To" className="w-36 font-mono" value={props.to} onChange={props.onTo} />
    </>
  );
}
