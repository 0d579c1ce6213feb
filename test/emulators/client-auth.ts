/**
 * The client authentication of an emulated OAuth 2.0 token endpoint (RFC 6749 section 2.3.1): a form-encoded
 * body, the client's id and secret by HTTP Basic (each form-urlencoded first) or in the body, the secret compared
 * in constant time. Shared by the emulators whose vendors authenticate management clients this way.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-2.3.1
 */
import { timingSafeEqual } from "node:crypto";
import type { RawRequest } from "./server";

/** A token request's form and the client credentials it carries; `undefined` when the body is not form-encoded. */
export function tokenRequestOf(raw: RawRequest): { form: URLSearchParams; id: string | null; secret: string | null } | undefined {
  if ((raw.headers["content-type"] ?? "").split(";")[0]!.trim() !== "application/x-www-form-urlencoded") return undefined;
  const form = new URLSearchParams(raw.rawBody);
  const [scheme, basic] = (raw.headers.authorization ?? "").split(" ", 2);
  if (scheme === "Basic" && basic) {
    const decoded = Buffer.from(basic, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    return { form, id: decodeURIComponent(decoded.slice(0, colon)), secret: decodeURIComponent(decoded.slice(colon + 1)) };
  }
  return { form, id: form.get("client_id"), secret: form.get("client_secret") };
}

/** Whether the request's credentials are the client's. */
export function isClient(request: { id: string | null; secret: string | null }, clientId: string, clientSecret: string): boolean {
  return (
    request.id === clientId &&
    request.secret !== null &&
    request.secret.length === clientSecret.length &&
    timingSafeEqual(Buffer.from(request.secret), Buffer.from(clientSecret))
  );
}
