/**
 * Whether a host is this machine: plain http is acceptable only there (tests, emulators, a local port-forward).
 * Pure; the HTTP layer (http/transport.ts) and the rotation policy's JWKS URL check both ask it.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6761#section-6.3 (localhost)
 */

/** `localhost`, 127.0.0.0/8 or ::1, as `URL.hostname` spells them. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, "");
  if (host === "localhost" || host === "[::1]") return true;
  const octets = host.split(".");
  return octets.length === 4 && octets[0] === "127" && octets.every((o) => /^\d{1,3}$/.test(o) && Number(o) <= 255);
}
