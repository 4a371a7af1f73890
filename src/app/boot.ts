// The app's side of the boot (decision 0320): the config query takes the config the entry read from
// index.html (src/app/early-boot.ts), or fetches it, and every change of it sets the redaction policy
// the trace workers apply. The trace loads themselves were started before React arrived.
import type { QueryClient } from '@tanstack/react-query';
import type { RuntimeConfig } from '../datasources/config.ts';
import { configQueryKey, runtimeConfigQuery } from '../queries/config.ts';
import { setRedactionPolicy } from '../worker/client.ts';
import { type BootState, redactionPolicyOf } from './early-boot.ts';

/** Seeds or starts the config query, and keeps the redaction policy on the config in hand. */
export function startBootWork(queryClient: QueryClient, boot: BootState): void {
  followRedactionPolicy(queryClient);
  if (boot.inlineConfig) queryClient.setQueryData(configQueryKey, boot.inlineConfig);
  else void queryClient.prefetchQuery(runtimeConfigQuery);
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
