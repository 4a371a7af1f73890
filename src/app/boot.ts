// Work the URL already names, started before React renders (issue 20, decision 0320): the runtime
// config is taken from index.html, where the server wrote it (or fetched in parallel with the lazily
// loaded screen's chunk when it is not there), and on a trace page the trace's load starts at once.
// Nothing here decides anything: the config query and the trace page take what was started, and
// behave as before when it is absent or no longer fits.
import type { QueryClient } from '@tanstack/react-query';
import { type RuntimeConfig, readInlineRuntimeConfig } from '../datasources/config.ts';
import { startEarlyTraceLoad } from '../features/trace/load/early-load.ts';
import { configQueryKey, runtimeConfigQuery } from '../queries/config.ts';
import { setRedactionPolicy } from '../worker/client.ts';
import type { RedactionPolicy } from '../worker/protocol.ts';

/** Seeds or starts the config query and, on `/trace/<id>` from datasources, the trace's load. */
export function startBootWork(queryClient: QueryClient, basename: string, location: Location): void {
  const inline = readInlineRuntimeConfig(document);
  followRedactionPolicy(queryClient);
  if (inline) queryClient.setQueryData(configQueryKey, inline);
  else void queryClient.prefetchQuery(runtimeConfigQuery);
  if (location.pathname.startsWith(basename))
    startEarlyTraceLoad(location.pathname.slice(basename.length), location.search, inline, document.baseURI);
}

/** Every trace worker load applies the rules of the config in hand (decision 0318). */
function followRedactionPolicy(queryClient: QueryClient): void {
  let followed: RuntimeConfig | undefined;
  const follow = () => {
    const config = queryClient.getQueryData<RuntimeConfig>(configQueryKey);
    // The cache tells of every observer coming and going: a new policy only for new config data.
    if (!config || config === followed) return;
    followed = config;
    setRedactionPolicy(redactionPolicyOf(config));
  };
  queryClient.getQueryCache().subscribe((event) => {
    if (event.query.queryKey[0] === configQueryKey[0]) follow();
  });
  follow();
}

function redactionPolicyOf(config: RuntimeConfig): RedactionPolicy | null {
  return config.redaction
    ? { rules: config.redaction.rules, allowReveal: config.redaction.allowReveal }
    : null;
}
