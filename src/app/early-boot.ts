// What runs before React and the router have even arrived (issue 20, decisions 0320 and 0340): the
// entry module (src/main.tsx) imports only this, starts the work the URL names, and then fetches the
// app. Its imports are what the trace's load needs (the inline config, the route's URL parsing, the
// worker's client) and nothing of React, so the trace request leaves as soon as this small chunk runs.
import { type RuntimeConfig, readInlineRuntimeConfig } from '../datasources/config.ts';
import { startEarlyTraceLoad } from '../features/trace/load/early-load.ts';
import { setRedactionPolicy } from '../worker/client.ts';
import type { RedactionPolicy } from '../worker/protocol.ts';
import { addMissingTrailingSlash, routerBasename } from './base-path.ts';

/** What the boot learnt, handed to the app when it mounts. */
export interface BootState {
  basename: string;
  /** The config the server wrote into index.html; absent when it did not (then it is fetched). */
  inlineConfig: RuntimeConfig | undefined;
}

/** Reads the base path and the inline config, and starts the loads `/trace/…` or `/compare/…` name. */
export function startEarlyBoot(doc: Document, location: Location, history: History): BootState {
  const basename = routerBasename(doc);
  addMissingTrailingSlash(basename, location, history);
  const inlineConfig = readInlineRuntimeConfig(doc);
  // The early loads redact with the config's rules, as every later load does (decision 0318).
  if (inlineConfig) setRedactionPolicy(redactionPolicyOf(inlineConfig));
  if (location.pathname.startsWith(basename))
    startEarlyTraceLoad(location.pathname.slice(basename.length), location.search, inlineConfig, doc.baseURI);
  return { basename, inlineConfig };
}

const policies = new WeakMap<RuntimeConfig, RedactionPolicy | null>();

/** One policy object per config, so setting it again for the same config changes nothing. */
export function redactionPolicyOf(config: RuntimeConfig): RedactionPolicy | null {
  let policy = policies.get(config);
  if (policy === undefined) {
    policy = config.redaction
      ? { rules: config.redaction.rules, allowReveal: config.redaction.allowReveal }
      : null;
    policies.set(config, policy);
  }
  return policy;
}

/**
 * Starts fetching the chunk of the screen a trace or compare URL shows, beside the app's own: the
 * router's lazy route asks for the same module later and gets it from the module map.
 */
export function preloadScreen(routePath: string): void {
  const ignore = () => {}; // A failed fetch is the route's to report, when it asks again.
  if (/^\/?trace\/[^/]+\/?$/.test(routePath)) import('../features/trace/TracePage').catch(ignore);
  else if (/^\/?compare\/[^/]+\/[^/]+\/?$/.test(routePath))
    import('../features/compare/ComparePage').catch(ignore);
}
