/**
 * What a provider method may let out to the engine, whatever went wrong. The engine prints a check failure as
 * "property X value {<X's input>} has a problem", and it prints that value raw even when it is a secret
 * (pulumi 3.259 `issueCheckFailures` formats the secret with %v), so a failure must never name a property
 * that holds a secret: it names none and says which in its reason. And every message (a failure's reason, a
 * thrown error, which the dynamic-provider host prints with its stack) is withheld when it quotes a secret.
 * `guardProvider` applies both to every method of a provider module (see jwk-entry.ts, jwkset-entry.ts).
 * Credentials the process read or received (tokens, secrets, passwords; see credentials.ts) are replaced with
 * `[redacted]` in every message first.
 */
import { JwkError, type InputFailure } from "../errors";
import { privateMemberTexts, quotesSecret, secretTexts } from "../core/keys/redact";
import { redact } from "./credentials";
import { withDerivedSecrets } from "./derived-secrets";
import { isDynamicProviderHost, keepYoungGenerationSmall } from "./provider-heap";
import { partialStateOf } from "./partial-failure";

/** The secrets among one resource's inputs: which top-level inputs hold them, and their texts. */
export interface SecretInputs {
  /** Top-level input names whose value is (or holds) a secret. */
  properties: readonly string[];
  /** Texts no message may quote (see keys/redact.ts). */
  texts: readonly string[];
}

/**
 * `Jwk`: an imported key, given as PEM or as a JWK, is secret whole; so are the stored outputs of the same
 * names (pass the old state too where there is one).
 */
export function jwkSecretInputs(...values: ({ privateKeyPem?: unknown; privateJwk?: unknown } | undefined)[]): SecretInputs {
  return {
    properties: ["privateKeyPem", "privateJwk"],
    texts: values.flatMap((v) => [...secretTexts(v?.privateKeyPem), ...secretTexts(v?.privateJwk)]),
  };
}

/**
 * `JwkSet`: keys are public, unless someone passed a private JWK (a `Jwk.privateJwk`, itself a secret) by
 * mistake; then `keys` holds a secret and its private members must not be quoted.
 */
export function jwkSetSecretInputs(...values: ({ keys?: unknown } | undefined)[]): SecretInputs {
  const texts = values.flatMap((v) => privateMemberTexts(v?.keys));
  return { properties: texts.length > 0 ? ["keys"] : [], texts };
}

/**
 * `ClientKeyBinding`: like a JwkSet's `keys`, plus the rotated registration tokens it keeps in state (never
 * quoted by any message).
 */
export function bindingSecretInputs(...values: ({ keys?: unknown; rotatedCredentials?: unknown } | undefined)[]): SecretInputs {
  const keys = jwkSetSecretInputs(...values);
  return { properties: keys.properties, texts: [...keys.texts, ...values.flatMap((v) => secretTexts(v?.rotatedCredentials))] };
}

const rootOf = (property: string) => property.split(/[.[]/, 1)[0];

const WITHHELD = "the reason is withheld because it would quote secret key material";

/**
 * Failures the engine may print: one on a secret-holding input names no property (the engine would print
 * the input's value) and carries the path in its reason; a reason that quotes a secret is withheld.
 *
 * @example
 * safeFailures([{ property: "privateKeyPem", reason: "malformed" }], jwkSecretInputs(inputs))
 * // [{ property: "", reason: "privateKeyPem: malformed" }]
 */
export function safeFailures(failures: readonly InputFailure[], secrets: SecretInputs): InputFailure[] {
  return failures.map(({ property, reason: given }) => {
    const reason = redact(given);
    const safeReason = quotesSecret(reason, secrets.texts) ? WITHHELD : reason;
    return secrets.properties.includes(rootOf(property))
      ? { property: "", reason: `${property}: ${safeReason}` }
      : { property, reason: safeReason };
  });
}

/**
 * An error safe to hand to the engine: same code and name, a message that quotes no secret, the original's
 * stack frames (not its text), and no `cause` (a cause's message is not checked, and loggers print it).
 */
export function safeError(error: unknown, secrets: SecretInputs): JwkError {
  const original = error instanceof Error ? error : new Error(String(error));
  const given = (original as { code?: unknown }).code;
  const code = typeof given === "string" ? given : JwkError.code;
  const redacted = redact(original.message);
  const message = quotesSecret(redacted, secrets.texts) ? `${code}: ${WITHHELD}` : redacted;
  const safe = new JwkError(code, message);
  safe.name = original.name;
  const frames = (original.stack ?? "").split("\n").filter((line) => /^\s+at /.test(line));
  safe.stack = [`${safe.name}: ${message}`, ...frames].join("\n");
  // A partial failure keeps its state (the engine records it), its reason now the safe message.
  const partial = partialStateOf(original);
  return partial ? Object.assign(safe, { ...partial, reasons: [message] }) : safe;
}

/**
 * Runs one provider method and rethrows any failure as {@link safeError}.
 *
 * @example
 * export const create = (inputs: JwkInputs) => guarded(jwkSecretInputs(inputs), () => createJwk(inputs));
 */
export async function guarded<T>(secrets: SecretInputs, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw safeError(error, secrets);
  }
}

/** Finds the secrets among a method's arguments (inputs, old state; ids are skipped). */
export type SecretsOf = (...values: ({ [name: string]: unknown } | undefined)[]) => SecretInputs;

/**
 * The provider module `methods` with every function behind {@link guarded}, and `check` failures through
 * {@link safeFailures}: what the engine loads as the provider (package export `pulumi-jwk/providers/<name>`).
 * Every exported function is wrapped, so a method added to the provider module later is guarded too.
 *
 * @example
 * export = guardProvider(jwkSetMethods, jwkSetSecretInputs);
 */
export function guardProvider<M extends object>(methods: M, secretsOf: SecretsOf): M {
  // Loaded by the engine's dynamic-provider host: serving many resources, it keeps a small young generation.
  if (isDynamicProviderHost()) keepYoungGenerationSmall();
  const out: Record<string, unknown> = {};
  // Markers of secret inputs (derived-secrets.ts) never reach the methods.
  for (const [name, method] of Object.entries(withDerivedSecrets(methods))) {
    out[name] = async (...args: unknown[]) => {
      const secrets = secretsOf(...args.filter((a): a is Record<string, unknown> => typeof a === "object" && a !== null));
      return guarded(secrets, async () => {
        const result = await method(...args);
        const failures = (result as { failures?: InputFailure[] } | undefined)?.failures;
        return name === "check" && Array.isArray(failures) ? { ...(result as object), failures: safeFailures(failures, secrets) } : result;
      });
    };
  }
  return out as M;
}
