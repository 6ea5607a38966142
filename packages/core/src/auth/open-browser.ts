import { spawn } from 'node:child_process';

/**
 * True when a browser can probably be opened for the user: an interactive terminal, and on
 * Linux and the BSDs a graphical session. Over SSH or in CI the URL is printed instead.
 */
export function canOpenBrowser(
  env: Readonly<Record<string, string | undefined>>,
  interactive: boolean,
  platform: NodeJS.Platform = process.platform,
): boolean {
  if (!interactive) return false;
  if (platform === 'darwin' || platform === 'win32') return true;
  return Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
}

/** Opens a URL in the desktop's browser; resolves false when no opener could be started. */
export function openBrowser(
  url: string,
  platform: NodeJS.Platform = process.platform,
): Promise<boolean> {
  const [command, args]: [string, string[]] =
    platform === 'darwin'
      ? ['open', [url]]
      : platform === 'win32'
        ? // rundll32 takes the URL as one argument, so `&` in it needs no shell escaping.
          ['rundll32', ['url.dll,FileProtocolHandler', url]]
        : ['xdg-open', [url]];
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'ignore', detached: true });
    child.once('error', () => resolve(false));
    child.once('spawn', () => {
      child.unref();
      resolve(true);
    });
  });
}
