import { InvalidArgumentError } from 'commander';

/** Parses a TCP port option; 0 means any free port. For commander. */
export function parsePort(text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text.trim()) || port > 65535) {
    throw new InvalidArgumentError('Use a port from 0 to 65535 (0 picks a free one).');
  }
  return port;
}
