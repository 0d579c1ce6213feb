/**
 * PingOne's wire shapes for the emulator: the error body `{id, code, message, details[]}`, HAL JSON replies, and the
 * worker app's token endpoint on the auth host (`POST /{envId}/as/token`, client credentials with
 * client_secret_basic or client_secret_post, OAuth error bodies).
 *
 * @see https://developer.pingidentity.com/pingone-api/foundations/response-codes.html
 */
import { randomBytes, randomUUID } from "node:crypto";
import type { RawRequest, Reply } from "./server";

export interface P1Detail {
  code: string;
  target?: string;
  message: string;
}

export function p1Error(status: number, code: string, message: string, details?: P1Detail[]): Reply {
  return { status, body: { id: randomUUID(), code, message, ...(details ? { details } : {}) } };
}
export const notFound = () => p1Error(404, "NOT_FOUND", "The request could not be completed. The requested resource was not found.");
export const invalid = (details: P1Detail[]) =>
  p1Error(400, "INVALID_DATA", "The request could not be completed. One or more validation errors were in the request.", details);
export const hal = (status: number, body: unknown): Reply => ({
  status,
  headers: { "content-type": "application/hal+json;charset=UTF-8" },
  body,
});

/** The token endpoint for one worker app; each token it issues is added to `tokens`. */
export function workerTokenEndpoint(clientId: string, clientSecret: string, tokens: Set<string>): (raw: RawRequest) => Reply {
  return (raw) => {
    const form = new URLSearchParams(raw.rawBody);
    const [scheme, basic] = (raw.headers.authorization ?? "").split(" ", 2);
    const [id, secret] =
      scheme === "Basic" && basic
        ? Buffer.from(basic, "base64").toString("utf8").split(":").map(decodeURIComponent)
        : [form.get("client_id"), form.get("client_secret")];
    if (form.get("grant_type") !== "client_credentials")
      return { status: 400, body: { error: "unsupported_grant_type", error_description: "grant_type must be client_credentials" } };
    if (id !== clientId || secret !== clientSecret)
      return { status: 401, body: { error: "invalid_client", error_description: "Request denied: invalid client credentials" } };
    const token = randomBytes(24).toString("base64url");
    tokens.add(token);
    return { status: 200, body: { access_token: token, token_type: "Bearer", expires_in: 3600, scope: "" } };
  };
}
