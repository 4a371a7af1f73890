// Which host names the app port answers: the defence against DNS rebinding. A page on another domain
// that rebinds its name to 127.0.0.1 reaches this server with its own name in `Host`; only names the
// operator listed (or the loopback names and the bound host) are served. See docs/decisions/0210.

/** The names served when `server.allowedHosts` is absent (plus the bound host). */
export const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'] as const;

/** `0.0.0.0` and `::` accept connections on every interface, under any name. */
export function bindsAllInterfaces(host: string): boolean {
  const text = host.trim();
  return text === '0.0.0.0' || text === '::' || text === '[::]' || text === '';
}

/** Lowercase, without a trailing dot, IPv6 literals in brackets: the form names are compared in. */
export function normalizeHostName(name: string): string {
  let text = name.trim().toLowerCase();
  if (text.endsWith('.')) text = text.slice(0, -1);
  if (text.includes(':') && !text.startsWith('[')) text = `[${text}]`;
  return text;
}

/** The host name of a `Host` header value (`name`, `name:port`, `[v6]:port`); undefined when malformed. */
export function hostNameOf(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const text = header.trim();
  const match = /^(\[[0-9A-Fa-f:.]+\]|[^:[\]\s/@]+)(?::(\d{1,5}))?$/.exec(text);
  if (!match) return undefined;
  return normalizeHostName(match[1]);
}

export function defaultAllowedHosts(boundHost: string): string[] {
  const hosts: string[] = [...LOOPBACK_HOSTS];
  if (!bindsAllInterfaces(boundHost)) hosts.push(normalizeHostName(boundHost));
  return hosts;
}

/** Configured names; `.example.com` stands for example.com and every name under it. */
export class HostAllowList {
  private readonly exact = new Set<string>();
  private readonly suffixes: string[] = [];

  constructor(entries: readonly string[]) {
    for (const entry of entries) {
      const name = normalizeHostName(entry);
      if (name.startsWith('.')) {
        this.suffixes.push(name);
        this.exact.add(name.slice(1));
      } else {
        this.exact.add(name);
      }
    }
  }

  allows(hostName: string | undefined): boolean {
    if (hostName === undefined) return false;
    const name = normalizeHostName(hostName);
    return this.exact.has(name) || this.suffixes.some((suffix) => name.endsWith(suffix));
  }
}

/** The allow-list in force: the configured one, or the loopback names plus the bound host. */
export function allowListFor(server: {
  host: string;
  allowedHosts?: readonly string[] | undefined;
}): HostAllowList {
  return new HostAllowList(server.allowedHosts ?? defaultAllowedHosts(server.host));
}

/** The start-up warning for a server reachable on every interface but answering only loopback names. */
export function allInterfacesWarning(server: {
  host: string;
  allowedHosts?: readonly string[] | undefined;
}): string | undefined {
  if (!bindsAllInterfaces(server.host) || server.allowedHosts !== undefined) return undefined;
  return (
    `Warning: listening on every interface (${server.host}) without server.allowedHosts: ` +
    `only ${LOOPBACK_HOSTS.join(', ')} are answered; list the names users open in server.allowedHosts.`
  );
}
