/**
 * pulumi-jwk: JSON Web Keys as code with Pulumi.
 *
 * @example
 * import { Jwk, JwkSet, privateKeyPem } from "pulumi-jwk";
 * const key = new Jwk("signing", { alg: "ES256" });
 * new JwkSet("public", { target: { kind: "file", path: "jwks.json" }, keys: [key.publicJwk], mode: "exclusive" });
 * export const pem = privateKeyPem(key.privateJwk); // a secret, derived in the program (not stored)
 */
export { Jwk, type JwkArgs } from "./resources/jwk";
export { privateKeyPem, publicKeyPem } from "./resources/pem";
export { JwkSet, type JwkSetArgs } from "./resources/jwkset";
export { KeyRotation, RotationSchedule, type KeyRotationArgs } from "./resources/rotation";
export type { ScheduledKey, KeyState } from "./rotation/types";
export type { NextStep } from "./rotation/next-step";
export { ReachFiveAccountKey, type ReachFiveAccountKeyArgs } from "./resources/reachfive-account-key";
export type { ReachFiveKey } from "./targets/reachfive-responses";
export { ClientKeyBinding, type ClientKeyBindingArgs } from "./resources/binding";
export type { BindingAuth } from "./resources/binding-check";
export type { BindingDrift } from "./resources/binding-logic";
export type { ClientConfig } from "./clients/index";
export type { Rfc7592ClientConfig } from "./clients/rfc7592";
export type { KeycloakClientConfig } from "./clients/keycloak";
export type { KeycloakAdminConfig } from "./clients/keycloak-admin";
export type { HydraClientConfig } from "./clients/hydra";
export type { JanssenClientConfig } from "./clients/janssen";
export type { OktaClientConfig } from "./clients/okta";
export type { PingOneClientConfig } from "./clients/pingone";
export type { ReachFiveClientConfig } from "./clients/reachfive";
export type { ReachFiveKeyPairSection } from "./clients/types";
export type { PublicJwk } from "./keys/material";
export type { TargetConfig, FileTargetConfig, JanssenTargetConfig, OktaTargetConfig, UrlTargetConfig, KeyStatus } from "./targets/types";
export { SUPPORTED_ALGORITHMS } from "./keys/algorithms";
export { JwkError } from "./errors";
export { PingOneKeyRotationPolicy, type PingOneKeyRotationPolicyArgs } from "./resources/pingone-krp";
export type { PolicyKey } from "./targets/pingone-jwks";
export { PINGONE_REGIONS, type PingOneRegion } from "./targets/pingone-connection";
