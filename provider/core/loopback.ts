/**
 * Whether a host name is this machine: plain http is tolerated for loopback hosts only (tests, emulators, a
 * local port-forward), both where credentials are sent (http/transport.ts) and where a rotation trusts what a
 * JWKS URL serves (rotation/policy.ts). Pure, so the core can ask without knowing HTTP.
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
