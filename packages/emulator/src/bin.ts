#!/usr/bin/env node
import { parseCliArgs, runCli, USAGE } from './cli.js';

async function main(): Promise<void> {
  let settings: ReturnType<typeof parseCliArgs>;
  try {
    settings = parseCliArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (settings === 'help') {
    process.stdout.write(USAGE);
    return;
  }
  const handle = await runCli(settings, (line) => process.stdout.write(`${line}\n`));
  const stop = () => {
    handle.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `polydrive-emulator failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = 1;
});
