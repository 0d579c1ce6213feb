/**
 * Secretness carried from inputs to what is derived from them, in the dynamic form. The dynamic-provider host
 * accepts no secrets: the engine hands the provider plain values and marks secret only the outputs named like
 * a secret input (it copies an input's secretness to the output of the same name). An output computed from a
 * secret input (`kids`, `publicJwk`) and the id (never encrypted) would reach the state in plain text.
 *
 * So, when any input is secret, the resource registers a secret marker under the name of each output-only
 * property (the engine then encrypts that output) and a flag telling `create` to choose an opaque id. With no
 * secret input nothing is added: inputs, outputs and ids of stacks without secrets stay as they were.
 * Key material (`privateKeyPem`, `privateJwk`) is left out: always secret, and its public part is public.
 */
import { randomUUID } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { partialStateOf } from "./partial-failure";

/** The value registered (as a secret) under each output-only property when an input is secret. */
const MARKER = "[derived from a secret input]";
/** Hidden input set (plain `true`) when an input is secret: the id must not quote inputs. */
const SECRET_INPUTS = "__secretInputs";
const KEY_MATERIAL = new Set(["privateKeyPem", "privateJwk"]);

const isInput = (name: string) => !name.startsWith("__") && !KEY_MATERIAL.has(name);

/** `props` (inputs, and output-only properties registered as undefined) with the markers above when an input is secret. */
export function withSecretMarkers(props: pulumi.Inputs): pulumi.Inputs {
  const given = Object.entries(props).filter(([name, value]) => value !== undefined && isInput(name));
  const outputsOnly = Object.keys(props).filter((name) => props[name] === undefined && isInput(name));
  const anySecret = pulumi.output(
    Promise.all(given.map(([, value]) => pulumi.isSecret(pulumi.output(value)))).then((s) => s.includes(true)),
  );
  const marker = anySecret.apply((secret) => (secret ? pulumi.secret(MARKER) : undefined));
  return {
    ...props,
    ...Object.fromEntries(outputsOnly.map((name) => [name, marker])),
    [SECRET_INPUTS]: anySecret.apply((secret) => (secret ? true : undefined)),
  };
}

const isMarked = (name: string, value: unknown) => value === MARKER || name === SECRET_INPUTS;

/** `values` without the markers (what the provider's own methods see). */
function stripped(values: unknown): unknown {
  if (typeof values !== "object" || values === null || Array.isArray(values)) return values;
  return Object.fromEntries(Object.entries(values).filter(([name, value]) => !isMarked(name, value)));
}

type Method = (...args: unknown[]) => Promise<unknown>;

/**
 * The provider methods with the markers kept out of them: `check` hands them back (so `create` and `update`
 * receive them and the engine marks the outputs), `create` picks an opaque id when an input was secret (an id
 * is only handed back to the provider, which reads what it needs from the state).
 */
export function withDerivedSecrets(methods: object): Record<string, Method> {
  return Object.fromEntries(
    (Object.entries(methods).filter(([, method]) => typeof method === "function") as [string, Method][]).map(
      ([name, method]): [string, Method] => {
        const plain: Method = (...args) => method(...args.map(stripped));
        if (name === "check")
          return [
            name,
            async (olds: unknown, news: unknown) => {
              const marks = Object.entries((news as Record<string, unknown> | undefined) ?? {}).filter(([n, v]) => isMarked(n, v));
              const result = (await plain(olds, news)) as { inputs?: Record<string, unknown> } | undefined;
              return marks.length > 0 && result?.inputs
                ? { ...result, inputs: { ...result.inputs, ...Object.fromEntries(marks) } }
                : result;
            },
          ];
        if (name === "create")
          return [
            name,
            async (inputs: unknown) => {
              const secret = (inputs as Record<string, unknown>)[SECRET_INPUTS] === true;
              let result: { id: string };
              try {
                result = (await plain(inputs)) as { id: string };
              } catch (e) {
                // A partial failure's id is stored too (partial-failure.ts).
                const partial = partialStateOf(e);
                if (secret && partial) Object.assign(e as object, { id: `secret-input-${randomUUID()}` });
                throw e;
              }
              return secret ? { ...result, id: `secret-input-${randomUUID()}` } : result;
            },
          ];
        return [name, plain];
      },
    ),
  );
}
