#!/usr/bin/env node
import { EXIT } from './errors/exit-codes.js';
import { abortOnInterrupt } from './interrupt.js';
import { runCli } from './main.js';

// The reader of our output went away (`polydrive cat big | head`): stop quietly, as cat does.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(EXIT.ok);
  throw err;
});

const interrupt = abortOnInterrupt();
process.exitCode = await runCli({
  argv: process.argv.slice(2),
  env: process.env,
  cwd: process.cwd(),
  stdout: process.stdout,
  stderr: process.stderr,
  signal: interrupt.signal,
});
interrupt.dispose();
