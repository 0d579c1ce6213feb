/**
 * An OAuth client that authenticates with private_key_jwt (RFC 7523): a generated ES256 key, bound to the
 * client through its RFC 7592 registration management endpoint, with the client's token endpoint auth method
 * and signing alg. `token.mjs` then obtains an access token with the bound private key.
 *
 * Which client: config `registrationClientUri`, else the environment variable OIDC_REGISTRATION_CLIENT_URI.
 * Credentials: the provider reads the client's registration access token from REGISTRATION_ACCESS_TOKEN; it
 * never enters inputs. Servers that rotate that token on every update (oidc-provider, Keycloak) hand back a new
 * one: the binding keeps it as a secret in state and uses it next time.
 */
import * as pulumi from "@pulumi/pulumi";
import { ClientKeyBinding, Jwk } from "pulumi-jwk";

const config = new pulumi.Config();
const registrationClientUri = config.get("registrationClientUri") ?? process.env.OIDC_REGISTRATION_CLIENT_URI;
if (!registrationClientUri)
  throw new Error("set config registrationClientUri (pulumi config set registrationClientUri ...) or OIDC_REGISTRATION_CLIENT_URI");

// Rotate by changing the trigger: up binds the new key and removes the old one in one step.
const key = new Jwk("client-key", { alg: "ES256", rotationTrigger: config.get("keyGeneration") ?? "1" });

const binding = new ClientKeyBinding("client-keys", {
  client: { kind: "rfc7592", registrationClientUri, tokenEnv: "REGISTRATION_ACCESS_TOKEN" },
  keys: [key.publicJwk],
  auth: { method: "private_key_jwt", signingAlg: "ES256" },
});

export const kid = key.kid;
export const boundKids = binding.kids;
export const authMethod = binding.authMethod;
/** Secret: what token.mjs signs client assertions with. */
export const privateJwk = key.privateJwk;
