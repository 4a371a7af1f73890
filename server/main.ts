import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CliError, parseCli, USAGE } from './cli.ts';
import { ConfigError } from './config/errors.ts';
import { startEmbeddedBackend } from './embedded/index.ts';
import { watchParent } from './lifecycle.ts';
import { runServer } from './run.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const log = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const cli = parseCli(process.argv.slice(2));
  if (cli.help) {
    process.stdout.write(USAGE);
    return;
  }
  const server = await runServer({ cli, env: process.env, root, log, embedded: startEmbeddedBackend });
  // Tests and supervisors parse this line: keep its shape.
  log(`Tracelight listening on ${server.url}`);
  watchParent({
    parentPid: process.env.TRACELIGHT_PARENT_PID,
    exitOnStdinClose: cli.exitOnStdinClose,
    stop: async () => {
      await server.close();
      process.exit(0);
    },
  });
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof CliError) {
    process.stderr.write(`Tracelight: invalid configuration\n${error.message}\n`);
    if (error instanceof CliError) process.stderr.write(USAGE);
    process.exit(2);
  }
  process.stderr.write(`Tracelight failed to start: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
