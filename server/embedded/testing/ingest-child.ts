// A bare embedded backend with persistence, for the crash test (../crash.test.ts): started as a child
// process with the data dir as its argument, it prints "port <n>" once the receiver listens, then
// ingests until it is killed.

import { createEmbedded } from '../index.ts';

const dataDir = process.argv[2];
if (!dataDir) {
  process.stderr.write('usage: ingest-child.ts <data dir>\n');
  process.exit(2);
}
const backend = await createEmbedded({ otlpPort: 'ephemeral', demo: false, dataDir });
process.stdout.write(`port ${backend.otlpPort}\n`);
