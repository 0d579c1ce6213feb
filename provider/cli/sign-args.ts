/**
 * The command lines of `pulumi-jwk sign` and `pulumi-jwk client-assertion`: which key (a custody key URI or a
 * private JWK file), the algorithm, the kid, and for sign the payload source; for client-assertion the claims.
 */
import { UsageError } from "../errors";

/** The options only these two commands take (parseArgs form). */
export const SIGN_OPTIONS = {
  "key-uri": { type: "string" },
  "private-jwk": { type: "string" },
  alg: { type: "string" },
  kid: { type: "string" },
  typ: { type: "string" },
  "client-id": { type: "string" },
  audience: { type: "string" },
  lifetime: { type: "string" },
  jti: { type: "string" },
} as const;

/** Which options each command takes (besides --help and --version). */
export const OPTIONS_OF: Readonly<Record<string, readonly string[]>> = {
  sign: ["key-uri", "private-jwk", "alg", "kid", "typ"],
  "client-assertion": ["key-uri", "private-jwk", "alg", "kid", "client-id", "audience", "lifetime", "jti"],
};

/** The key: a custody key URI, or the path of a private JWK file. */
export type KeySource = { keyUri: string } | { privateJwkFile: string };

export type SignCommand =
  | { command: "sign"; key: KeySource; alg?: string; kid?: string; typ?: string; payload: string }
  | {
      command: "client-assertion";
      key: KeySource;
      alg?: string;
      kid?: string;
      clientId: string;
      audience: string;
      lifetimeSeconds?: number;
      jti?: string;
    };

type Values = Partial<Record<keyof typeof SIGN_OPTIONS, string>>;

function keySource(values: Values): KeySource {
  const uri = values["key-uri"];
  const file = values["private-jwk"];
  if ((uri === undefined) === (file === undefined))
    throw new UsageError("give exactly one of --key-uri <key URI> (a key in custody) and --private-jwk <file>");
  return uri !== undefined ? { keyUri: uri } : { privateJwkFile: file as string };
}

function required(values: Values, name: "client-id" | "audience"): string {
  const value = values[name];
  if (value === undefined || value === "") throw new UsageError(`client-assertion needs --${name}`);
  return value;
}

/** Parses what follows `sign` or `client-assertion`. */
export function parseSignCommand(command: "sign" | "client-assertion", values: Values, rest: readonly string[]): SignCommand {
  const key = keySource(values);
  if ("keyUri" in key && values.alg === undefined) throw new UsageError("--key-uri needs --alg (the JWA algorithm the key signs)");
  const common = {
    key,
    ...(values.alg === undefined ? {} : { alg: values.alg }),
    ...(values.kid === undefined ? {} : { kid: values.kid }),
  };
  if (command === "sign") {
    if (rest.length > 1) throw new UsageError(`sign takes at most one payload source (a file or -), got ${rest.length}`);
    return { command, ...common, ...(values.typ === undefined ? {} : { typ: values.typ }), payload: rest[0] ?? "-" };
  }
  if (rest.length > 0) throw new UsageError(`client-assertion takes no positional argument, got ${rest.length}`);
  let lifetimeSeconds: number | undefined;
  if (values.lifetime !== undefined) {
    lifetimeSeconds = Number(values.lifetime);
    if (!/^[0-9]+$/.test(values.lifetime)) throw new UsageError(`--lifetime must be a whole number of seconds, not "${values.lifetime}"`);
  }
  return {
    command,
    ...common,
    clientId: required(values, "client-id"),
    audience: required(values, "audience"),
    ...(lifetimeSeconds === undefined ? {} : { lifetimeSeconds }),
    ...(values.jti === undefined ? {} : { jti: values.jti }),
  };
}
