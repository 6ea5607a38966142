import { CommanderError } from 'commander';
import { App, type CliIo } from './app.js';
import { EXIT, exitCodeFor } from './errors/exit-codes.js';
import { reportError } from './errors/report-error.js';
import { buildProgram } from './program.js';

/** Runs one `polydrive` command and returns its exit status; never throws. */
export async function runCli(io: CliIo): Promise<number> {
  const app = new App(io);
  try {
    await buildProgram(app).parseAsync([...io.argv], { from: 'user' });
    return EXIT.ok;
  } catch (err) {
    // Commander has already printed its message (or the help, or the version).
    if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    reportError(err, app.output, app.debug);
    return exitCodeFor(err);
  } finally {
    await app.close();
  }
}
