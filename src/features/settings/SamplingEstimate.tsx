// The sampling and storage estimate for an embedded datasource (issue 22, decision 0336): what the
// store observed (served by the backend, decision 0334) and what a head-sampling rate or a tail
// policy would keep and store per day, computed here with src/analysis/sampling.ts.
import { useId, useState } from 'react';
import { estimateStorage, type ObservedTraffic, type StorageEstimate } from '../../analysis/sampling';
import type { ObservedTrafficAnswer } from '../../datasources/tempo';
import { useObservedTraffic } from '../../queries/sampling';
import { formatBytes, formatEstimate, formatProbability } from '../../ui/format';
import { Notice } from '../../ui/Notice';
import { TextInput } from '../../ui/TextInput';

/** A percentage input's value as a rate 0–1, or undefined when it is not a number in 0–100. */
export function percentInput(text: string): number | undefined {
  if (text.trim() === '') return undefined;
  const n = Number(text);
  return Number.isFinite(n) && n >= 0 && n <= 100 ? n / 100 : undefined;
}

export interface TailChoice {
  keepErrors: boolean;
  keepSlow: boolean;
}

/** The traffic the tail policy sees: the share it keeps whole follows what it keeps. */
export function tailTraffic(
  observed: NonNullable<ObservedTrafficAnswer['observed']>,
  choice: TailChoice,
): ObservedTraffic {
  const interestingShare =
    choice.keepErrors && choice.keepSlow
      ? observed.interestingShare
      : choice.keepErrors
        ? observed.errorShare
        : choice.keepSlow
          ? observed.slowShare
          : 0;
  return { ...observed, interestingShare };
}

const number = (n: number, digits = 1) => n.toLocaleString('en-US', { maximumFractionDigits: digits });
const perDayBytes = (bytes: number) => formatBytes(Math.round(bytes));

export function SamplingEstimate({ datasource, label }: { datasource: string; label: string }) {
  const [headText, setHeadText] = useState('10');
  const [restText, setRestText] = useState('10');
  const [slowText, setSlowText] = useState('1000');
  const [keepErrors, setKeepErrors] = useState(true);
  const [keepSlow, setKeepSlow] = useState(true);
  const slowMs = Number(slowText);
  const slowValid = slowText.trim() !== '' && Number.isFinite(slowMs) && slowMs >= 0;
  const traffic = useObservedTraffic(datasource, slowValid ? slowMs : Number.NaN);
  const head = percentInput(headText);
  const rest = percentInput(restText);
  const id = useId();
  const observed = traffic.data?.observed;

  const headEstimate =
    observed && head !== undefined ? estimateStorage(observed, { kind: 'head', rate: head }) : undefined;
  const tailEstimate =
    observed && rest !== undefined && slowValid
      ? estimateStorage(tailTraffic(observed, { keepErrors, keepSlow }), { kind: 'tail', rate: rest })
      : undefined;
  const all = observed ? estimateStorage(observed, { kind: 'head', rate: 1 }) : undefined;

  return (
    <section aria-labelledby={`${id}-title`} className="flex flex-col gap-3" data-testid="sampling-estimate">
      <h3 id={`${id}-title`} className="text-sm font-semibold">
        {label}
      </h3>
      {traffic.isError ? (
        <Notice tone="warning">
          <p>The embedded backend did not answer with its observed traffic: {String(traffic.error)}</p>
        </Notice>
      ) : null}
      {traffic.data && !observed ? (
        <p className="text-sm">
          No traces stored yet: send some, then the estimate uses what they look like.
        </p>
      ) : null}
      {observed ? (
        <dl className="grid grid-cols-2 gap-x-4 gap-y-1 text-sm sm:grid-cols-4" aria-label="Observed traffic">
          <Fact term="Spans per trace" testId="observed-spans-per-trace">
            {number(observed.spansPerTrace)}
          </Fact>
          <Fact term="Bytes per span" testId="observed-bytes-per-span">
            {number(observed.bytesPerSpan, 0)}
          </Fact>
          <Fact term="Traces per second" testId="observed-traces-per-second">
            {number(observed.tracesPerSecond, 3)}
          </Fact>
          <Fact term="Over" testId="observed-window">
            {number(observed.traces, 0)} traces in {number(observed.windowSeconds, 0)} s
          </Fact>
        </dl>
      ) : null}
      <fieldset className="flex flex-col gap-2 text-sm">
        <legend className="font-medium">Head sampling</legend>
        <div className="flex flex-wrap items-center gap-2">
          Keep
          <NumberInput
            value={headText}
            onChange={setHeadText}
            label="Head sampling rate, percent of traces kept"
            invalid={head === undefined}
            percent
          />
          % of traces, decided at the root
        </div>
      </fieldset>
      <fieldset className="flex flex-col gap-2 text-sm">
        <legend className="font-medium">Tail sampling</legend>
        <label className="flex items-center gap-2">
          <input type="checkbox" checked={keepErrors} onChange={(e) => setKeepErrors(e.target.checked)} />
          Keep every trace with an error
        </label>
        <div className="flex flex-wrap items-center gap-2">
          <input
            type="checkbox"
            checked={keepSlow}
            onChange={(e) => setKeepSlow(e.target.checked)}
            aria-label="Keep every slow trace"
          />
          Keep every trace slower than
          <NumberInput
            value={slowText}
            onChange={setSlowText}
            label="Slow trace threshold, milliseconds"
            invalid={!slowValid}
          />
          ms
        </div>
        <div className="flex flex-wrap items-center gap-2">
          Sample the rest at
          <NumberInput
            value={restText}
            onChange={setRestText}
            label="Tail sampling rate for the rest, percent"
            invalid={rest === undefined}
            percent
          />
          %
        </div>
      </fieldset>
      {observed ? (
        <table className="w-full text-left text-sm" aria-label="What each policy would keep per day">
          <thead>
            <tr className="border-b border-slate-200 dark:border-slate-700">
              <th scope="col" className="py-1 pr-3 font-medium">
                Policy
              </th>
              <th scope="col" className="py-1 pr-3 font-medium">
                Traces kept
              </th>
              <th scope="col" className="py-1 pr-3 font-medium">
                Traces per day
              </th>
              <th scope="col" className="py-1 pr-3 font-medium">
                Spans per day
              </th>
              <th scope="col" className="py-1 font-medium">
                Stored per day
              </th>
            </tr>
          </thead>
          <tbody>
            <EstimateRow policy="Keep everything" estimate={all} testId="estimate-all" />
            <EstimateRow policy="Head sampling" estimate={headEstimate} testId="estimate-head" />
            <EstimateRow policy="Tail sampling" estimate={tailEstimate} testId="estimate-tail" />
          </tbody>
        </table>
      ) : null}
      <p className="text-xs text-slate-600 dark:text-slate-400">
        From the traces the embedded backend holds now: the rate is traces stored over the time between the
        first and the last trace’s start; bytes are as stored (encoded protobuf). A tail policy keeps the
        traces it keeps whole, and the given share of the rest.
      </p>
    </section>
  );
}

function Fact(props: { term: string; testId: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-xs text-slate-600 dark:text-slate-400">{props.term}</dt>
      <dd data-testid={props.testId}>{props.children}</dd>
    </div>
  );
}

function EstimateRow(props: { policy: string; estimate: StorageEstimate | undefined; testId: string }) {
  const e = props.estimate;
  return (
    <tr data-testid={props.testId} className="border-b border-slate-100 dark:border-slate-800">
      <th scope="row" className="py-1 pr-3 font-normal">
        {props.policy}
      </th>
      {e ? (
        <>
          <td className="py-1 pr-3">{formatProbability(e.keptShare)}</td>
          <td className="py-1 pr-3">{formatEstimate(e.tracesPerDay)}</td>
          <td className="py-1 pr-3">{formatEstimate(e.spansPerDay)}</td>
          <td className="py-1">{perDayBytes(e.bytesPerDay)}</td>
        </>
      ) : (
        <td colSpan={4} className="py-1 text-slate-600 dark:text-slate-400">
          Enter a rate between 0 and 100 %
        </td>
      )}
    </tr>
  );
}

/** A decimal input of the estimate; a percent one is bounded to 0–100. */
function NumberInput(props: {
  value: string;
  onChange: (text: string) => void;
  label: string;
  invalid: boolean;
  percent?: boolean;
}) {
  return (
    <TextInput
      type="number"
      min={0}
      max={props.percent ? 100 : undefined}
      step="any"
      inputMode="decimal"
      className="w-24"
      value={props.value}
      onChange={(e) => props.onChange(e.target.value)}
      aria-label={props.label}
      aria-invalid={props.invalid}
    />
  );
}
