// The server injects `<base href="/prefix/">` into index.html at run time (the path prefix is
// configuration, not a build setting), so the router's basename is the path of the document's base URI.
// Without a <base> element (e.g. a dev server) the app lives at the root.

export function routerBasename(doc: Document): string {
  if (!doc.querySelector('base[href]')) return '/';
  const path = new URL(doc.baseURI).pathname;
  const trimmed = path.replace(/\/+$/, '');
  return trimmed === '' ? '/' : trimmed;
}
