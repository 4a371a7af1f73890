// The server injects `<base href="/prefix/">` into index.html at run time (the path prefix is
// configuration, not a build setting), so the router's basename is the path of the document's base URI.
// Without a <base> element (e.g. a dev server) the app lives at the root.
//
// The basename keeps its trailing slash: React Router links "/" to the bare basename, and the home page
// of an app under a prefix is `/prefix/`, not `/prefix` (which the server only redirects).

export function routerBasename(doc: Document): string {
  if (!doc.querySelector('base[href]')) return '/';
  const path = new URL(doc.baseURI).pathname;
  return path.endsWith('/') ? path : `${path}/`;
}

/** `/prefix` opened without its slash would match no route: show it as `/prefix/` instead. */
export function addMissingTrailingSlash(basename: string, location: Location, history: History): void {
  if (basename !== '/' && `${location.pathname}/` === basename) {
    history.replaceState(history.state, '', `${basename}${location.search}${location.hash}`);
  }
}
