// What the worker needs to apply redaction rules, in one chunk it imports when a load needs them
// (decision 0247): the rules' engine pulls in re2js, which is most of the worker's source, so the
// worker's own script starts its fetch without it and skips it where no rule applies.

export { Redactor } from '../redact/rules.ts';
export { redactionCounter, redactTrace } from '../redact/trace.ts';
