/**
 * `pulumi-jwk sign` and `pulumi-jwk client-assertion`: a compact JWS, or an RFC 7523 client assertion, signed
 * where the key lives (custody key URI) or with a private JWK file, printed on stdout. Through the library entry
 * `pulumi-jwk/sign`, so the command and an application sign alike. No key member is ever printed: the JWK file is
 * parsed without quoting it back (core/json-syntax.ts).
 */
import { readFile } from "node:fs/promises";
import { parseJsonText } from "../core/json-syntax";
import { JwkInputError } from "../errors";
import { clientAssertion, signJws, type SigningKey } from "../sign";
import type { KeySource, SignCommand } from "./sign-args";

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}

/** The key, a private JWK file read and parsed; with the JWK's own `alg` when none was given. */
async function signingKey(source: KeySource, alg: string | undefined): Promise<{ key: SigningKey; alg: string }> {
  if ("keyUri" in source) return { key: { keyUri: source.keyUri }, alg: alg ?? "" };
  const jwk = parseJsonText(await readFile(source.privateJwkFile, "utf8"));
  if (typeof jwk !== "object" || jwk === null || Array.isArray(jwk))
    throw new JwkInputError([{ property: "--private-jwk", reason: `${source.privateJwkFile} does not hold a JWK object` }]);
  const own = (jwk as { alg?: unknown }).alg;
  const chosen = alg ?? (typeof own === "string" ? own : undefined);
  if (chosen === undefined) throw new JwkInputError([{ property: "--alg", reason: "is needed: the private JWK has no alg member" }]);
  return { key: { privateJwk: jwk }, alg: chosen };
}

/** Runs the command; the JWS and a newline, for stdout. */
export async function runSign(cmd: SignCommand, stdin: NodeJS.ReadableStream): Promise<string> {
  const { key, alg } = await signingKey(cmd.key, cmd.alg);
  if (cmd.command === "sign") {
    const payload = cmd.payload === "-" ? await readAll(stdin) : await readFile(cmd.payload);
    const jws = await signJws({
      ...key,
      alg,
      kid: cmd.kid,
      payload: new Uint8Array(payload),
      ...(cmd.typ === undefined ? {} : { protectedHeader: { typ: cmd.typ } }),
    });
    return `${jws}\n`;
  }
  const assertion = await clientAssertion({
    ...key,
    alg,
    kid: cmd.kid,
    clientId: cmd.clientId,
    audience: cmd.audience,
    lifetimeSeconds: cmd.lifetimeSeconds,
    jti: cmd.jti,
  });
  return `${assertion}\n`;
}
