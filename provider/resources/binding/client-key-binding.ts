/**
 * `ClientKeyBinding`: "this OAuth client authenticates with these keys". Binds public keys (or a JWKS URL) and
 * the token endpoint auth settings to one client of an authorization server; `pulumi refresh` reports drift
 * in the `drift` output and the next `pulumi up` repairs it. Destroy removes only what the binding bound.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ClientConfig } from "../../registry/clients";
import { SECTION_INPUTS, SECTION_OUTPUTS, type SectionArgs, type SectionResourceOutputs } from "../../registry/client-sections";
import type { SetMode } from "../../core/jwks/diff";
import type { PublicJwk } from "../../core/keys/material";
import type { BindingAuth } from "./check";
import type { BindingDrift } from "./logic";
import { ownUrn, StubbedDynamicResource } from "../../pulumi/stub";

/**
 * Inputs of a {@link ClientKeyBinding}. Client kinds whose server generates the keys or rotates them by policy
 * take a section of their own instead of keys, named after the kind (registry/client-sections.ts).
 */
export interface ClientKeyBindingArgs extends SectionArgs {
  /**
   * The client, e.g. `{ kind: "rfc7592", registrationClientUri }`. Credentials are never part of it: each kind
   * reads them from environment variables the reference names (`tokenEnv`, ...).
   */
  client: pulumi.Input<ClientConfig>;
  /** Public keys to bind (`Jwk.publicJwk` outputs), each with `use: "sig"` to sign client assertions. */
  keys?: pulumi.Input<pulumi.Input<PublicJwk>[]>;
  /** Instead of `keys`: the URL the server fetches the client's keys from. */
  jwksUri?: pulumi.Input<string>;
  /** "additive" (default): keys on the client this binding did not bind stay. "exclusive": they are removed. */
  mode?: pulumi.Input<SetMode>;
  /** Token endpoint auth settings, e.g. `{ method: "private_key_jwt", signingAlg: "ES256" }`. */
  auth?: pulumi.Input<BindingAuth>;
}

const SECRET_OUTPUTS = ["rotatedCredentials"];

/**
 * Keys bound to one OAuth client for private_key_jwt (RFC 7523) client authentication.
 *
 * @example
 * const key = new Jwk("client-key", { alg: "ES256" });
 * new ClientKeyBinding("app", {
 *   client: { kind: "rfc7592", registrationClientUri: "https://op.example/reg/app", tokenEnv: "APP_RAT" },
 *   keys: [key.publicJwk],
 *   auth: { method: "private_key_jwt", signingAlg: "ES256" },
 * });
 * @see https://www.rfc-editor.org/rfc/rfc7523#section-2.2
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- the sections' outputs, merged below
export class ClientKeyBinding extends StubbedDynamicResource {
  declare readonly client: pulumi.Output<ClientConfig>;
  declare readonly mode: pulumi.Output<SetMode>;
  /** Kids this binding bound. */
  declare readonly kids: pulumi.Output<string[]>;
  /** The client's token endpoint auth method as read back. */
  declare readonly authMethod: pulumi.Output<string | undefined>;
  /** The client's token endpoint signing alg as read back. */
  declare readonly signingAlg: pulumi.Output<string | undefined>;
  declare readonly drift: pulumi.Output<BindingDrift>;
  /** Kids on the client that this binding leaves alone (additive mode). */
  declare readonly foreignKids: pulumi.Output<string[]>;

  constructor(name: string, args: ClientKeyBindingArgs, opts?: pulumi.CustomResourceOptions) {
    const props = {
      client: args.client,
      keys: args.keys,
      jwksUri: args.jwksUri,
      mode: args.mode,
      auth: args.auth,
      // The kinds' own sections (an undefined input is not sent, as for the members above).
      ...Object.fromEntries(SECTION_INPUTS.map((name) => [name, (args as unknown as Record<string, unknown>)[name]])),
      // Output-only properties must be registered (as undefined) to appear on the resource.
      kids: undefined,
      authMethod: undefined,
      signingAlg: undefined,
      drift: undefined,
      foreignKids: undefined,
      ...Object.fromEntries(SECTION_OUTPUTS.map((name) => [name, undefined])),
      // Registration tokens a server rotated (rfc7592): secret, never shown.
      rotatedCredentials: undefined,
      // The resource's own URN, for diagnostics filed under it (engine-log.ts); "__" keys are not displayed.
      __urn: ownUrn("ClientKeyBinding", name, opts?.parent),
    };
    super("binding", "ClientKeyBinding", name, props, {
      ...opts,
      additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), ...SECRET_OUTPUTS],
    });
  }
}

// The output properties the kinds' sections add (typed in each kind's folder), merged into the class.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type -- declares only what it extends
export interface ClientKeyBinding extends SectionResourceOutputs {}
