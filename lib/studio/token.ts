// The studio's access token: a random secret printed in the URL once, then kept in a cookie. Every
// request must carry it, so another local user or a web page in the browser cannot use the server.

import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** A new random token (256 bits, URL-safe base64). */
export function createToken(): string {
  return randomBytes(32).toString('base64url');
}

/** How a request proved it knows the token. */
export type TokenSource = 'query' | 'cookie';

/** Checks requests for the token, in the `token` query parameter or in the studio's cookie. */
export class TokenGuard {
  readonly #token: Buffer;
  /** Cookie name; it carries the port because cookies are shared by every port of a host. */
  readonly cookieName: string;

  /** @param token the secret; @param port the server's port (names the cookie). */
  constructor(token: string, port: number) {
    this.#token = Buffer.from(token);
    this.cookieName = `quiver_studio_${port}`;
  }

  /** Where the request's valid token came from, or null when it has none or a wrong one. */
  check(req: IncomingMessage, url: URL): TokenSource | null {
    if (this.#matches(url.searchParams.get('token'))) return 'query';
    if (this.#matches(readCookie(req.headers.cookie, this.cookieName))) return 'cookie';
    return null;
  }

  /** The Set-Cookie value that stores the token for later requests (not readable by scripts). */
  cookie(): string {
    return `${this.cookieName}=${this.#token.toString()}; HttpOnly; SameSite=Strict; Path=/`;
  }

  #matches(candidate: string | null | undefined): boolean {
    if (!candidate) return false;
    const given = Buffer.from(candidate);
    return given.length === this.#token.length && timingSafeEqual(given, this.#token);
  }
}

function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
