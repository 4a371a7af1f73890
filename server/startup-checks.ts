// What can stop a start after the configuration parsed: ports, names, the host, the data directory.
// Each becomes one ConfigError line naming where the value came from (exit 2, no stack trace).

import { lookup } from 'node:dns/promises';
import { ConfigError } from './config/errors.ts';
import { originOf, type TracelightConfig } from './config/types.ts';
import { EMBEDDED_DATASOURCE_NAMES } from './config/validate.ts';

type PortField = 'port' | 'otlpPort' | 'grpcPort';

/** What turning each receiver off takes, for the refusal line. */
const TURN_OFF: Record<Exclude<PortField, 'port'>, string> = {
  otlpPort: '0 turns the OTLP receiver off',
  grpcPort: '0 turns the OTLP/gRPC receiver off',
};

/** A receiver's port equal to the app's or the other receiver's: one line per clash, naming both origins. */
function portClashes(config: TracelightConfig): string[] {
  const { port, otlpPort, grpcPort } = config.server;
  const problems: string[] = [];
  const clash = (field: Exclude<PortField, 'port'>, value: number, other: PortField, what: string) =>
    problems.push(
      `${originOf(config, field)}: ${value} is also ${what} (${originOf(config, other)}); choose another (${TURN_OFF[field]})`,
    );
  if (otlpPort !== 0 && port === otlpPort) clash('otlpPort', otlpPort, 'port', "the app's port");
  if (grpcPort !== 0 && port === grpcPort) clash('grpcPort', grpcPort, 'port', "the app's port");
  if (grpcPort !== 0 && grpcPort === otlpPort)
    clash('grpcPort', grpcPort, 'otlpPort', "the OTLP/HTTP receiver's port");
  return problems;
}

/** The checks that need no resource yet: run before anything binds or opens a file. */
export async function checkBeforeStart(config: TracelightConfig, embeddedWanted: boolean): Promise<void> {
  const problems: string[] = [];
  const { host } = config.server;
  if (embeddedWanted) {
    problems.push(...portClashes(config));
    const embedded: readonly string[] = EMBEDDED_DATASOURCE_NAMES;
    config.datasources.forEach((ds, index) => {
      if (embedded.includes(ds.name)) {
        problems.push(
          `${config.source}: datasources[${index}].name: ${JSON.stringify(ds.name)} is the name of an embedded datasource; choose another (or set server.embedded: false)`,
        );
      }
    });
  }
  try {
    await lookup(host);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    problems.push(`${originOf(config, 'host')}: cannot resolve ${JSON.stringify(host)} (${code})`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
}

const FS_PROBLEMS: Record<string, string> = {
  EEXIST: 'exists and is not a directory',
  ENOTDIR: 'is a file where a directory is expected',
  EISDIR: 'is a directory where a file is expected',
  EACCES: 'is not accessible (permission denied)',
  EPERM: 'is not accessible (operation not permitted)',
  EROFS: 'is on a read-only file system',
  ENOSPC: 'is on a full disk',
};

/** A file-system error from opening the data directory, as one line naming the field; else undefined. */
export function dataDirProblem(error: unknown, config: TracelightConfig): ConfigError | undefined {
  const { code, path } = error as NodeJS.ErrnoException;
  const dir = config.server.dataDir;
  if (dir === undefined || code === undefined || !(code in FS_PROBLEMS)) return undefined;
  const problem = FS_PROBLEMS[code];
  // A read through an open descriptor names no path: the entry is somewhere in the directory.
  const text =
    path === undefined
      ? `${dir} holds something that ${problem}`
      : `${path === dir ? dir : `${path} (in ${dir})`} ${problem}`;
  return new ConfigError([`${originOf(config, 'dataDir')}: ${text} (${code})`]);
}

const LISTEN_PROBLEMS: Record<string, string> = {
  EADDRINUSE: 'is already in use',
  EACCES: 'needs privileges this process does not have',
  EADDRNOTAVAIL: 'cannot be bound: the address is not on this machine',
};

/** A listen error as one line naming the port or host field; else undefined. */
export function listenProblem(
  error: unknown,
  config: TracelightConfig,
  field: PortField,
): ConfigError | undefined {
  const { code, syscall } = error as NodeJS.ErrnoException;
  if (syscall !== 'listen' || code === undefined || !(code in LISTEN_PROBLEMS)) return undefined;
  const where = code === 'EADDRNOTAVAIL' ? originOf(config, 'host') : originOf(config, field);
  const value =
    code === 'EADDRNOTAVAIL' ? JSON.stringify(config.server.host) : `port ${config.server[field]}`;
  return new ConfigError([`${where}: ${value} ${LISTEN_PROBLEMS[code]} (${code})`]);
}

/**
 * Which receiver a listen error from starting the embedded backend came from, by the port it names
 * (the ports differ: checkBeforeStart refuses equal ones).
 */
export function receiverField(error: unknown, config: TracelightConfig): 'otlpPort' | 'grpcPort' {
  const { port } = error as { port?: unknown };
  const { grpcPort } = config.server;
  return grpcPort !== 0 && port === grpcPort ? 'grpcPort' : 'otlpPort';
}
