#!/usr/bin/env node
import { resolve } from 'node:path';
import { isPolydriveError } from '@polydrive/core';
import { readDemoConfig } from './config/demo-config.js';
import { loadEnv } from './config/load-env.js';
import { describeConnection } from './connections/describe-connection.js';
import { startDemo } from './start-demo.js';

try {
  const env = await loadEnv(process.env, resolve('.env'));
  const demo = await startDemo(readDemoConfig(env));
  console.log(`Polydrive demo: ${demo.url}\n`);
  for (const connection of demo.connections.views())
    console.log(`  ${describeConnection(connection)}`);
  console.log('\nPress Ctrl-C to stop.');
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping.');
    demo.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (err) {
  console.error(isPolydriveError(err) ? err.message : err);
  process.exitCode = 1;
}
