import type { ConnectionView } from './connection.js';

const MODE: Record<ConnectionView['mode'], string> = {
  local: 'local folder',
  memory: 'in memory',
  emulated: 'EMULATED',
  real: 'real account',
};

/** One line of the start-up report, e.g. `OneDrive       EMULATED       not connected ...`. */
export function describeConnection(view: ConnectionView): string {
  if (view.state === 'unavailable') return `${view.label.padEnd(14)} unavailable: ${view.problem}`;
  const state =
    view.mode === 'local'
      ? view.description
      : view.state === 'connected'
        ? 'connected'
        : 'not connected (use Connect in the page)';
  return `${view.label.padEnd(14)} ${MODE[view.mode].padEnd(14)} ${state}`;
}
