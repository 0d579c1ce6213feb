/**
 * Where credentials may go: over https, or over plain http to this machine only (tests, emulators, a local
 * port-forward), so a token or client secret never crosses a network in clear text. Checked twice: on the
 * target configuration at preview (kind.ts), and on every request that carries credentials (http.ts), since
 * a URL may also come from a server (a pagination link, say).
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-2.3.1 (client credentials require TLS)
 * @see https://www.rfc-editor.org/rfc/rfc6761#section-6.3 (localhost)
 */
import { JwksInsecureTransportError } from "../errors";
import { isLoopbackHost } from "../core/loopback-host";

/** Why credentials must not be sent to `url`, or undefined when they may. Never quotes more than the origin. */
export function credentialTransportProblem(url: URL): string | undefined {
  if (url.protocol === "https:") return undefined;
  if (url.protocol === "http:" && isLoopbackHost(url.hostname)) return undefined;
  return `credentials travel only over https; plain http is allowed for loopback hosts only (localhost, 127.0.0.0/8, ::1), not ${url.protocol}//${url.host}`;
}

/** Throws {@link JwksInsecureTransportError} unless credentials may be sent to `url`. */
export function assertCredentialTransport(url: URL, what: string): void {
  const problem = credentialTransportProblem(url);
  if (problem) throw new JwksInsecureTransportError(`${what}: refused to send credentials: ${problem}`);
}
