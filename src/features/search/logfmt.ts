// Jaeger/Zipkin tag filters as the `tags` URL parameter writes them: logfmt, e.g.
// `http.status_code=500 error=true note="two words"`. Quoted values take `\"` and `\\`.

export type LogfmtResult =
  | { ok: true; tags: Record<string, string> }
  | { ok: false; error: string; tags: Record<string, string> };

const KEY = /[^\s="]/;

export function parseLogfmt(input: string): LogfmtResult {
  const tags: Record<string, string> = {};
  let i = 0;
  const n = input.length;
  const fail = (error: string): LogfmtResult => ({ ok: false, error, tags });
  while (i < n) {
    while (i < n && /\s/.test(input[i] ?? '')) i++;
    if (i >= n) break;
    const keyStart = i;
    while (i < n && KEY.test(input[i] ?? '')) i++;
    const key = input.slice(keyStart, i);
    if (key === '') return fail(`Expected a tag name at character ${i + 1}.`);
    if (input[i] !== '=') return fail(`“${key}” needs a value: write ${key}=value.`);
    i++;
    let value = '';
    if (input[i] === '"') {
      i++;
      let closed = false;
      while (i < n) {
        const ch = input[i];
        if (ch === '\\' && i + 1 < n) {
          value += input[i + 1];
          i += 2;
          continue;
        }
        if (ch === '"') {
          closed = true;
          i++;
          break;
        }
        value += ch;
        i++;
      }
      if (!closed) return fail(`The value of “${key}” has no closing quote.`);
      if (i < n && !/\s/.test(input[i] ?? '')) return fail(`Put a space after the quoted value of “${key}”.`);
    } else {
      const valueStart = i;
      while (i < n && !/\s/.test(input[i] ?? '')) i++;
      value = input.slice(valueStart, i);
      if (value.includes('"')) return fail(`Quote the whole value of “${key}”: ${key}="…".`);
    }
    tags[key] = value;
  }
  return { ok: true, tags };
}

/** The logfmt text for tags; values with spaces, quotes, `=` or nothing are quoted. */
export function formatLogfmt(tags: Record<string, string>): string {
  return Object.entries(tags)
    .map(([key, value]) => {
      const plain = value !== '' && !/[\s"=\\]/.test(value);
      return `${key}=${plain ? value : `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`}`;
    })
    .join(' ');
}
