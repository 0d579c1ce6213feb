/**
 * pulumi-jwk: JSON Web Keys as code with Pulumi.
 *
 * @example
 * import { Jwk, JwkSet, privateKeyPem } from "pulumi-jwk";
 * const key = new Jwk("signing", { alg: "ES256" });
 * new JwkSet("public", { target: { kind: "file", path: "jwks.json" }, keys: [key.publicJwk], mode: "exclusive" });
 * export const pem = privateKeyPem(key.privateJwk); // a secret, derived in the program (not stored)
 */
export { Jwk, type JwkArgs } from "./resources/jwk/jwk";
export { privateKeyPem, publicKeyPem } from "./resources/jwk/pem";
export { JwkSet, type JwkSetArgs } from "./resources/jwkset/jwkset";
export { KeyRotation, RotationSchedule, type KeyRotationArgs } from "./resources/rotation/key-rotation";
export type { ScheduledKey, KeyState } from "./core/rotation/types";
export type { NextStep } from "./core/rotation/next-step";
export { ReachFiveAccountKey, type ReachFiveAccountKeyArgs } from "./vendors/reachfive/account-key/account-key";
export type { ReachFiveKey } from "./vendors/reachfive/responses";
export { ClientKeyBinding, type ClientKeyBindingArgs } from "./resources/binding/client-key-binding";
export type { BindingAuth } from "./resources/binding/check";
export type { BindingDrift } from "./resources/binding/logic";
export type { ClientConfig } from "./registry/clients";
export type { Rfc7592ClientConfig } from "./clients/rfc7592/rfc7592";
export type { KeycloakClientConfig } from "./vendors/keycloak/client";
export type { KeycloakAdminConfig } from "./vendors/keycloak/admin-auth";
export type { HydraClientConfig } from "./vendors/hydra/client";
export type { JanssenClientConfig } from "./vendors/janssen/client";
export type { OktaClientConfig } from "./vendors/okta/client";
export type { PingOneClientConfig } from "./vendors/pingone/client";
export type { ReachFiveClientConfig } from "./vendors/reachfive/client";
export type { ReachFiveKeyPairSection } from "./vendors/reachfive/binding-section";
export type { PublicJwk } from "./core/keys/material";
export type { TargetConfig } from "./registry/targets";
export type { FileTargetConfig, UrlTargetConfig, KeyStatus } from "./targets/types";
export type { JanssenTargetConfig } from "./vendors/janssen/target";
export type { OktaTargetConfig } from "./vendors/okta/target";
export { SUPPORTED_ALGORITHMS } from "./core/keys/algorithms";
export { JwkError, isJwkError } from "./errors";
export { PingOneKeyRotationPolicy, type PingOneKeyRotationPolicyArgs } from "./vendors/pingone/key-rotation-policy/key-rotation-policy";
export type { PolicyKey } from "./vendors/pingone/policy-jwks";
export { PINGONE_REGIONS, type PingOneRegion } from "./vendors/pingone/connection";
