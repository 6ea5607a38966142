import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readDemoConfig, startDemo } from '../src/index.js';
import { startTestDemo } from './support/test-demo.js';

const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));

describe('starting the demo', () => {
  it('says which port is taken and how to pick another', async () => {
    const first = await startTestDemo();
    try {
      const port = new URL(first.url).port;
      const config = readDemoConfig({ PORT: port, POLYDRIVE_DEMO_DATA: first.dataDir });
      await expect(startDemo(config)).rejects.toThrow(
        `Port ${port} on 127.0.0.1 is already in use. Stop the program using it, or start the demo on another port: PORT=${Number(port) + 1} npm run demo`,
      );
    } finally {
      await first.close();
    }
  });

  it('`node dist/main.js` prints the URL, serves the page, creates ./demo-data and stops on Ctrl-C', async () => {
    expect(existsSync(MAIN), 'build the demo first (npm run build)').toBe(true);
    const cwd = await mkdtemp(join(tmpdir(), 'pd-demo-main-'));
    const child = spawn(process.execPath, [MAIN], {
      cwd,
      env: { PATH: process.env.PATH ?? '', PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let output = '';
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.setEncoding('utf8');
        child.stdout.on('data', (chunk: string) => {
          output += chunk;
          const match = /Polydrive demo: (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
          if (match && output.includes('Press Ctrl-C to stop.')) resolve(match[1] as string);
        });
        child.once('exit', (code) => reject(new Error(`The demo exited (${code}): ${output}`)));
      });
      expect(output).toMatch(/OneDrive\s+EMULATED/);
      expect((await fetch(url)).status).toBe(200);
      expect(existsSync(join(cwd, 'demo-data'))).toBe(true);
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGINT');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
      await rm(cwd, { recursive: true, force: true });
    }
  }, 30_000);
});
