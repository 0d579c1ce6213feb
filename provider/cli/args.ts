/**
 * The CLI's command line: a command, its positional sources and flags, or a usage error (exit code 2).
 */
import { parseArgs } from "node:util";
import { SEVERITIES, type Severity } from "../core/jwks/inspect/findings";
import { UsageError } from "../errors";
import { OPTIONS_OF, parseSignCommand, SIGN_OPTIONS, type SignCommand } from "./sign-args";

export type Command =
  | { command: "help" }
  | { command: "version" }
  | { command: "inspect"; source: string; json: boolean; failOn: Severity | "none"; timeoutMs: number }
  | { command: "diff"; desired: string; live: string; json: boolean; timeoutMs: number }
  | SignCommand;

/** Options that are not the command's own (--help and --version aside), with the command that would take them. */
function foreignOptions(command: string, given: readonly string[]): string | undefined {
  const own = OPTIONS_OF[command] ?? ["json", "fail-on", "timeout"];
  const foreign = given.filter((o) => !own.includes(o) && o !== "help" && o !== "version");
  return foreign.length === 0 ? undefined : `${command} does not take ${foreign.map((o) => `--${o}`).join(", ")}`;
}

const FAIL_ON = [...SEVERITIES, "none"] as const;

/**
 * `--kid -Xy...` as `--kid=-Xy...`: a value option followed by a word starting with "-" that is no option of ours
 * takes it as its value. node's parseArgs calls that ambiguous, and a base64url thumbprint (a kid) starts with
 * "-" about one time in 64.
 */
function attachDashValues(argv: readonly string[], valued: ReadonlySet<string>, known: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const next = argv[i + 1];
    if (valued.has(arg) && next !== undefined && next.startsWith("-") && !known.has(next.split("=")[0])) {
      out.push(`${arg}=${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
}

/**
 * Parses `argv` (without the node and script paths).
 *
 * @example
 * parseCommand(["inspect", "jwks.json", "--json"]) // { command: "inspect", source: "jwks.json", json: true, ... }
 */
export function parseCommand(argv: readonly string[]): Command {
  const options = {
    ...SIGN_OPTIONS,
    json: { type: "boolean", default: false },
    "fail-on": { type: "string", default: "warning" },
    timeout: { type: "string", default: "10000" },
    help: { type: "boolean", short: "h", default: false },
    version: { type: "boolean", default: false },
  } as const;
  const specs: [string, { type: string; short?: string }][] = Object.entries(options);
  const valued = new Set(specs.filter(([, o]) => o.type === "string").map(([name]) => `--${name}`));
  const known = new Set(specs.flatMap(([name, o]) => [`--${name}`, ...(o.short ? [`-${o.short}`] : [])]));
  let parsed;
  try {
    parsed = parseArgs({
      args: attachDashValues(argv, valued, known),
      allowPositionals: true,
      strict: true,
      tokens: true,
      options,
    });
  } catch (cause) {
    throw new UsageError((cause as Error).message.replace(/\. To specify a positional argument.*$/s, ""));
  }
  const { values, positionals, tokens } = parsed;
  const [command, ...rest] = positionals;
  if (values.help || command === "help" || (command === undefined && !values.version)) return { command: "help" };
  if (values.version) return { command: "version" };
  const foreign = foreignOptions(
    command ?? "",
    tokens.flatMap((t) => (t.kind === "option" ? [t.name] : [])),
  );
  if (foreign && (command === "inspect" || command === "diff" || command === "sign" || command === "client-assertion"))
    throw new UsageError(foreign);
  if (command === "sign" || command === "client-assertion") return parseSignCommand(command, values, rest);
  const timeoutMs = Number(values.timeout);
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0)
    throw new UsageError(`--timeout must be a positive whole number of ms, not "${values.timeout}"`);
  if (command === "inspect") {
    if (rest.length !== 1) throw new UsageError(`inspect takes one source (a URL, a file or -), got ${rest.length}`);
    const failOn = values["fail-on"] as Severity | "none";
    if (!FAIL_ON.includes(failOn)) throw new UsageError(`--fail-on must be one of ${FAIL_ON.join(", ")}, not "${failOn}"`);
    return { command: "inspect", source: rest[0], json: values.json, failOn, timeoutMs };
  }
  if (command === "diff") {
    if (rest.length !== 2) throw new UsageError(`diff takes two sources, <desired> <live>, got ${rest.length}`);
    if (rest[0] === "-" && rest[1] === "-") throw new UsageError("only one of <desired> and <live> can be - (standard input)");
    return { command: "diff", desired: rest[0], live: rest[1], json: values.json, timeoutMs };
  }
  throw new UsageError(`unknown command "${command}"; expected inspect, diff, sign or client-assertion`);
}

export const HELP = `pulumi-jwk: look at JSON Web Key Sets, sign with a key where it lives

Usage:
  pulumi-jwk inspect <url|file|-> [--json] [--fail-on error|warning|info|none] [--timeout ms]
  pulumi-jwk diff <desired> <live> [--json] [--timeout ms]
  pulumi-jwk sign (--key-uri <uri> --alg <alg> | --private-jwk <file>) [--kid <kid>] [--typ <typ>] [<payload file|->]
  pulumi-jwk client-assertion (--key-uri <uri> --alg <alg> | --private-jwk <file>) [--kid <kid>]
             --client-id <id> --audience <token endpoint> [--lifetime <seconds>] [--jti <id>]
  pulumi-jwk --help | --version

inspect  Reads a JWK Set and reports, per key and for the set, findings with a code and a severity
         (error, warning, info): private members, duplicate or missing kids, keys that do not load,
         unregistered or mismatched alg/use, short RSA moduli, x5c/x5t problems, certificate expiry.
diff     Compares two JWK Sets by kid and RFC 7638 thumbprint: keys added (in <desired> only), removed
         (in <live> only), changed (same kid, other content) and relabelled (same key, other kid).
sign     Prints the compact JWS of a payload (a file, or standard input by default), signed where the key
         lives (--key-uri: the Jwk's keyUri, e.g. awskms:..., vault-transit:...) or with a private JWK file.
client-assertion
         Prints an RFC 7523 client assertion for private_key_jwt: iss = sub = --client-id, aud = --audience,
         a fresh jti, iat, exp = iat + --lifetime (default 60, at most 3600). --kid is the key's kid as the
         server knows it (the Jwk's kid output; default: the private JWK's kid).
         Custody credentials come as for the Jwk resource: the AWS SDK's default chain, the token or PIN
         source the URI names. --alg defaults to the private JWK's alg.

Sources: an https URL (plain http only to localhost/127.0.0.1/::1), a file path, or - for standard input.
URLs are fetched with a timeout, a size limit, same-host redirects only, and JSON content types only.

Options:
  --json       Machine-readable output on stdout.
  --fail-on    inspect exits 1 when a finding is at or above this severity (default: warning).
  --timeout    Deadline for fetching a URL, in ms (default: 10000).

Exit codes: 0 nothing at or above --fail-on (diff: no difference; sign, client-assertion: signed), 1 findings
at or above it (diff: any difference), 2 a usage error, a source that could not be read, or a key that did
not sign.
`;
