/**
 * Secretness carried from inputs to what is derived from them, in the plugin form. The engine stores an output
 * as a secret only when the provider wraps it (rpc-values.ts), and it never encrypts a resource's id. So a
 * secret given to an input (a kid, a file path, an app id) would reach the state in plain text through an
 * output computed from it (`kids`, `publicJwk`) or through the id. Here every output whose value quotes a
 * secret input's text is wrapped as a secret, and an id that quotes one is replaced by an opaque one (ids are
 * only handed back to the provider, which reads what it needs from the state).
 */
import { randomUUID } from "node:crypto";
import { isRpcSecret, unwrapRpcSecret } from "@pulumi/pulumi/runtime/rpc";
import { asSecret } from "./rpc-values";

/** Shorter texts (`"ES"`) would make unrelated outputs secret by coincidence. */
const MIN_TEXT = 3;

/**
 * Inputs whose secrecy is already handled, and whose public part is not secret: an imported private key yields
 * a public JWK, kid and thumbprint that are public (the `privateJwk` output is stored as a secret).
 */
const KEY_MATERIAL = ["privateKeyPem", "privateJwk"];

/** The string values (at any depth) inside the RPC secrets among a resource's inputs (key material aside). */
export function secretInputTexts(inputs: Record<string, unknown> | undefined): string[] {
  return Object.entries(inputs ?? {}).flatMap(([name, value]) => (KEY_MATERIAL.includes(name) ? [] : secretTextsOf(value)));
}

/** The string values (at any depth) inside the RPC secrets of `props`. */
export function secretTextsOf(props: unknown, inSecret = false, out: string[] = []): string[] {
  if (isRpcSecret(props)) return secretTextsOf(unwrapRpcSecret(props), true, out);
  if (typeof props === "string") {
    if (inSecret && props.length >= MIN_TEXT) out.push(props);
  } else if (Array.isArray(props)) for (const v of props) secretTextsOf(v, inSecret, out);
  else if (typeof props === "object" && props !== null) for (const v of Object.values(props)) secretTextsOf(v, inSecret, out);
  return out;
}

const quotes = (value: unknown, texts: readonly string[]): boolean => {
  if (texts.length === 0 || value === undefined) return false;
  const json = typeof value === "string" ? value : JSON.stringify(value);
  return texts.some((t) => json.includes(t) || json.includes(JSON.stringify(t).slice(1, -1)));
};

/** `outs` with every top-level output that quotes one of `texts` wrapped as a secret (wrapped ones stay as they are). */
export function withDerivedSecrets(outs: Record<string, unknown>, texts: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(outs).map(([k, v]) => [k, !isRpcSecret(v) && quotes(v, texts) ? asSecret(v) : v]));
}

/** `props` with the top-level properties that were secret in `olds` (the state read refreshes) wrapped again. */
export function withSecretsKept(props: Record<string, unknown>, olds: Record<string, unknown> | undefined): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(props).map(([k, v]) => [k, !isRpcSecret(v) && v !== undefined && isRpcSecret(olds?.[k]) ? asSecret(v) : v]),
  );
}

/** `id`, or an opaque id when it quotes one of `texts` (a resource's id is never encrypted in state). */
export function secretFreeId(id: string, texts: readonly string[]): string {
  return quotes(id, texts) ? `secret-input-${randomUUID()}` : id;
}
