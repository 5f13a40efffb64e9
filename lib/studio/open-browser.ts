// Opens a URL in the user's default browser, best effort: a machine without one (a server, CI)
// still has the URL printed on the terminal.

import { spawn } from 'node:child_process';

/** Starts the platform's "open this URL" command; returns false when it could not be started. */
export function openBrowser(url: string): boolean {
  const [command, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '', url.replaceAll('&', '^&')]]
        : ['xdg-open', [url]];
  try {
    const child = spawn(command, args, { stdio: 'ignore', detached: true });
    child.on('error', () => {});
    child.unref();
    return true;
  } catch {
    return false;
  }
}
