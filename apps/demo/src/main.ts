#!/usr/bin/env node
import { isPolydriveError } from '@polydrive/core';
import { connectDrives } from './connections.js';
import { runTour } from './tour.js';

try {
  const drives = await connectDrives();
  console.log(`Polydrive demo: ${[...drives.keys()].join(', ')}\n`);
  await runTour(drives, (s) =>
    console.log(`${s.drive.padEnd(8)} ${s.step.padEnd(22)} ${s.result}`),
  );
  for (const drive of drives.values()) await drive.close();
  console.log('\nDone. Files written under ./demo-data/polydrive-demo/ for the local drive.');
} catch (err) {
  console.error(isPolydriveError(err) ? err.message : err);
  process.exitCode = 1;
}
