/**
 * `pulumi-jwk/sign`: signing at run time, for the application that uses the keys a Pulumi program declared.
 * It loads no Pulumi: a JWS and an RFC 7523 client assertion signed where the key lives (any custody backend
 * that can sign: AWS KMS, Vault/OpenBao transit, ...; the key URI is the `keyUri` the `Jwk` was given) or with a
 * private JWK the application holds. Credentials for custody backends come as for the `Jwk` resource: the AWS
 * SDK's default chain, token and PIN sources the URI names.
 *
 * @example
 * import { clientAssertion } from "pulumi-jwk/sign";
 * const assertion = await clientAssertion({ keyUri, alg: "ES256", kid, clientId: "app", audience: tokenEndpoint });
 * @see https://www.rfc-editor.org/rfc/rfc7515
 * @see https://www.rfc-editor.org/rfc/rfc7523
 */
export { signJws, type SignJwsOptions } from "./jws";
export { clientAssertion, type ClientAssertionOptions } from "./client-assertion";
export type { SigningKey } from "./signer";
