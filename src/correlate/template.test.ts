// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${…} template placeholders are what these tests are about
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parser } from '@grafana/lezer-logql';
import { describe, expect, it } from 'vitest';
import { escapeRegex, quoteString } from './quote';
import { spanResolver } from './span-values';
import { expandQueryTemplate, expandUrlTemplate, type TemplateResolver } from './template';

// Values a span attribute could hold that would break a naive `"${value}"` substitution.
const PADDED = '8efff7c0ffee'.padStart(32, '0');

const HOSTILE = [
  'plain',
  '',
  '"',
  '\\',
  '\\"',
  '"} |= "x" or {a="',
  '`',
  '``} | line_format `{{.x}}`',
  "'",
  '{',
  '}',
  '{}',
  '"}',
  '\\\\"\\',
  'line\nbreak',
  'cr\rlf\r\n',
  'tab\tand\u0000nul\u0007bell\u001f',
  '${traceId}',
  '$${service}',
  '.*',
  'a|b(c)[d]{2}^$+?',
  'unicode ✓ 日本 \u2028 \u2029 🙂',
  'lone \ud800 surrogate',
  '# not a comment',
  ')) or vector(1) #',
];

/** Go's strconv.Unquote for "…" and `…` literals, written independently of the code under test. */
function goUnquote(literal: string): string {
  if (literal.startsWith('`')) return literal.slice(1, -1);
  expect(literal.startsWith('"') && literal.endsWith('"')).toBe(true);
  const body = literal.slice(1, -1);
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    expect(c === '"' || c === '\n', `raw ${JSON.stringify(c)} inside a literal`).toBe(false);
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = body[++i];
    const simple: Record<string, string> = {
      n: '\n',
      r: '\r',
      t: '\t',
      a: '\u0007',
      b: '\b',
      f: '\f',
      v: '\v',
      '\\': '\\',
      '"': '"',
      "'": "'",
    };
    if (e in simple) out += simple[e];
    else if (e === 'x') {
      out += String.fromCharCode(Number.parseInt(body.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (e === 'u') {
      out += String.fromCharCode(Number.parseInt(body.slice(i + 1, i + 5), 16));
      i += 4;
    } else throw new Error(`unknown escape \\${e}`);
  }
  return out;
}

interface LogqlShape {
  nodes: string[];
  strings: string[];
  errors: number;
}

function logqlShape(query: string): LogqlShape {
  const nodes: string[] = [];
  const strings: string[] = [];
  let errors = 0;
  parser.parse(query).iterate({
    enter(node) {
      if (node.type.isError) errors += 1;
      nodes.push(node.name);
      if (node.name === 'String') strings.push(goUnquote(query.slice(node.from, node.to)));
    },
  });
  return { nodes, strings, errors };
}

function resolverFor(value: string): TemplateResolver {
  return spanResolver({
    traceId: '8efff7c0ffee',
    spanId: 'abc',
    service: value,
    name: value,
    attributes: [{ key: 'http.route', value: { type: 'string', value } }],
    resourceAttributes: [{ key: 'k8s.pod"name', value: { type: 'string', value } }],
  });
}

function expand(template: string, resolve: TemplateResolver): string {
  const result = expandQueryTemplate(template, resolve);
  if (!result.ok) throw new Error(result.error);
  return result.query;
}

const LOGQL_TEMPLATES = [
  '{service_name="${service}"} | trace_id="${traceId}"',
  '{service_name="${service}", route=`${span.attributes["http.route"]}`} |= "${traceId}"',
  '{service_name=\'${service}\'} != `${name}` | logfmt | pod="${resource.attributes["k8s.pod\\"name"]}"',
  '{service_name=~"${service}"} |~ "${name}" | span_id=${spanId}',
  '{job="x"} |= ${name} | line_format "{{.msg}} ${service}"',
  '{service_name="${service}"} | json | route="prefix ${span.attributes["http.route"]} suffix"',
];

describe('LogQL templates with hostile values', () => {
  for (const template of LOGQL_TEMPLATES) {
    it(`keeps the structure of ${template}`, () => {
      const reference = logqlShape(expand(template, resolverFor('plain')));
      expect(reference.errors).toBe(0);
      for (const value of HOSTILE) {
        const query = expand(template, resolverFor(value));
        const shape = logqlShape(query);
        expect(shape.errors, `${JSON.stringify(value)} → ${query}`).toBe(0);
        expect(shape.nodes, `${JSON.stringify(value)} → ${query}`).toEqual(reference.nodes);
        expect(query).not.toContain('\n');
        // Every value reads back exactly (regex positions read back as a pattern matching exactly it).
        const sane = value.replace(/[\ud800-\udfff]/g, (s, offset: number, all: string) =>
          /[\ud800-\udbff][\udc00-\udfff]/.test(all.slice(offset, offset + 2)) ||
          /[\ud800-\udbff][\udc00-\udfff]/.test(all.slice(offset - 1, offset + 1))
            ? s
            : '\ufffd',
        );
        for (const read of shape.strings) {
          if (read === 'plain' || read === 'x' || read.includes('{{')) continue;
          const candidates = [sane, escapeRegex(sane), PADDED, '0000000000000abc'];
          const ok = candidates.some((c) => read === c || read.includes(c));
          expect(ok, `${JSON.stringify(read)} from ${JSON.stringify(value)}`).toBe(true);
        }
      }
    });
  }

  it('pads the trace ID to 32 hex and quotes a bare placeholder', () => {
    const query = expand('{a="b"} |= ${traceId}', resolverFor('x'));
    expect(query).toBe(`{a="b"} |= "${PADDED}"`);
  });

  it('regex-escapes values after =~ and |~ so they match literally', () => {
    const query = expand('{service_name=~"${service}"} |~ "${name}"', resolverFor('a.b|c'));
    expect(query).toBe('{service_name=~"a\\\\.b\\\\|c"} |~ "a\\\\.b\\\\|c"');
    const pattern = new RegExp(`^${goUnquote('"a\\\\.b\\\\|c"')}$`);
    expect(pattern.test('a.b|c')).toBe(true);
    expect(pattern.test('axb')).toBe(false);
  });

  it('turns several services into a regex alternative', () => {
    const resolve = spanResolver({ traceId: 'ab' }, { service: ['checkout', 'api.gw', 'x"y'] });
    const query = expand('{service_name="${service}"} | trace_id="${traceId}"', resolve);
    expect(query).toBe(
      '{service_name=~"(?:checkout|api\\\\.gw|x\\"y)"} | trace_id="000000000000000000000000000000ab"',
    );
    expect(logqlShape(query).errors).toBe(0);
    expect(expand('{a="b"} |= "${service}"', resolve)).toMatch(/^\{a="b"\} \|~ "/);
    expect(expand('{a="b"} != "${service}"', resolve)).toMatch(/^\{a="b"\} !~ "/);
    const bare = expandQueryTemplate('{a="b"} |= ${service}', resolve);
    expect(bare.ok).toBe(false);
  });

  it('reports unknown variables and unclosed strings instead of guessing', () => {
    const unknown = expandQueryTemplate('{a="${nope}"}', resolverFor('x'));
    expect(unknown).toMatchObject({ ok: false });
    expect(!unknown.ok && unknown.error).toContain('${nope}');
    expect(expandQueryTemplate('{a="${service}}', resolverFor('x')).ok).toBe(false);
  });

  it('lists placeholders whose value the span does not have', () => {
    const result = expandQueryTemplate(
      '{a="${span.attributes["missing"]}"} |= "${spanId}"',
      spanResolver({ traceId: 'a' }),
    );
    expect(result).toEqual({
      ok: true,
      query: '{a=""} |= ""',
      missing: ['${span.attributes["missing"]}', '${spanId}'],
    });
  });

  it('does not expand placeholders that appear inside values', () => {
    const query = expand('{a="${service}"} |= "${traceId}"', resolverFor('${traceId}'));
    expect(query).toBe(`{a="\${traceId}"} |= "${PADDED}"`);
  });
});

describe('PromQL templates with hostile values', () => {
  const TEMPLATES = [
    'sum(rate(traces_spanmetrics_calls_total{service="${service}",span_name="${name}"}[5m]))',
    "histogram_quantile(0.95, sum by (le) (rate(traces_spanmetrics_latency_bucket{service='${service}', span_name=~`${name}`}[5m])))",
    'count(up{job=${service}})',
  ];
  const queries = TEMPLATES.flatMap((template) =>
    HOSTILE.map((value) => expand(template, resolverFor(value))),
  );

  it('produces one literal per value that reads back unchanged', () => {
    for (const query of queries) {
      const literals = query.match(/"(?:[^"\\\n]|\\.)*"/g) ?? [];
      expect(query).not.toContain('\n');
      for (const literal of literals) expect(() => goUnquote(literal)).not.toThrow();
      // Outside literals, only the template's own characters remain.
      const skeleton = query.replace(/"(?:[^"\\\n]|\\.)*"/g, '""');
      expect(skeleton).toMatch(/^(sum\(rate\(|histogram_quantile|count\(up)/);
      expect(skeleton).not.toMatch(/or vector|line_format|#/);
    }
  });

  it.runIf(existsSync('/usr/bin/promtool'))(
    'every query is valid PromQL for Prometheus itself (promtool)',
    () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'promql-'));
      try {
        const rules = queries.map(
          (query, index) => `      - record: r${index}\n        expr: ${JSON.stringify(query)}`,
        );
        const file = path.join(dir, 'rules.yml');
        writeFileSync(file, `groups:\n  - name: escaping\n    rules:\n${rules.join('\n')}\n`);
        const output = execFileSync('/usr/bin/promtool', ['check', 'rules', file], { encoding: 'utf8' });
        expect(output).toContain(`SUCCESS: ${queries.length} rules found`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});

describe('quoting helpers', () => {
  it('quotes every control character as an escape', () => {
    for (let code = 0; code < 0x20; code++) {
      const quoted = quoteString(String.fromCharCode(code));
      expect(quoted).toMatch(/^"\\/);
      expect(goUnquote(quoted)).toBe(String.fromCharCode(code));
    }
    expect(quoteString('\u007f')).toBe('"\\x7f"');
  });
});

describe('link templates', () => {
  it('percent-encodes values so they cannot add parameters', () => {
    const result = expandUrlTemplate(
      'https://grafana.example.com/explore?trace=${traceId}&svc=${service}',
      resolverFor('a&b=c#d'),
    );
    expect(result).toEqual({
      ok: true,
      query: `https://grafana.example.com/explore?trace=${PADDED}&svc=a%26b%3Dc%23d`,
      missing: [],
    });
  });
});
