/**
 * PEM forms of a `Jwk`'s keys, derived in the program from its JWK outputs: they cost no state, and the private
 * one stays a Pulumi secret.
 */
import * as pulumi from "@pulumi/pulumi";
import { privateKeyPemOf, publicKeyPemOf } from "../../core/keys/pem";
import type { PublicJwk } from "../../core/keys/material";

/**
 * The PKCS#8 PEM of a private JWK, as a secret Output.
 *
 * @example
 * const key = new Jwk("signing", { alg: "ES256" });
 * export const pem = privateKeyPem(key.privateJwk); // PKCS#8 PEM text, a secret
 * @see https://www.rfc-editor.org/rfc/rfc5208
 */
export function privateKeyPem(privateJwk: pulumi.Input<Record<string, unknown>>): pulumi.Output<string> {
  return pulumi.secret(pulumi.output(privateJwk).apply((jwk) => privateKeyPemOf(jwk)));
}

/**
 * The SPKI PEM of a public JWK (for tools that read PEM, e.g. a JWT library's verify key).
 *
 * @example
 * export const publicPem = publicKeyPem(key.publicJwk); // "-----BEGIN PUBLIC KEY-----..."
 * @see https://www.rfc-editor.org/rfc/rfc5280#section-4.1.2.7
 */
export function publicKeyPem(publicJwk: pulumi.Input<PublicJwk | Record<string, unknown>>): pulumi.Output<string> {
  return pulumi.output(publicJwk).apply((jwk) => publicKeyPemOf(jwk));
}
