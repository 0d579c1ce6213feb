/**
 * The schema's enums. Values come from the lists the checks use where there is one (algorithms, kinds,
 * regions, auth methods), so an enum cannot fall behind what the provider accepts; the others are the TS
 * unions' members, held against those unions by test/plugin/schema.test.ts.
 */
import { SUPPORTED_ALGORITHMS } from "../../core/keys/algorithms";
import { SET_MODES } from "../../core/jwks/diff";
import { CLIENT_KINDS } from "../../registry/clients";
import { TARGET_KINDS } from "../../registry/targets";
import { AUTH_METHODS, SIGNING_ALGS } from "../../resources/binding/check";
import { PINGONE_REGIONS } from "../../vendors/pingone/connection";
import { stringEnum, type NamedTypes } from "./spec";

export const ENUMS: NamedTypes = {
  Algorithm: stringEnum(
    "A JWS or JWE algorithm a key is made for (RFC 7518, RFC 8037; `Ed25519` is the fully-specified EdDSA).",
    SUPPORTED_ALGORITHMS,
  ),
  KeyUse: stringEnum("What a key is for (RFC 7517 section 4.2).", ["sig", "enc"], { sig: "Signatures.", enc: "Encryption." }),
  Curve: stringEnum("An elliptic curve (EC and OKP keys).", ["P-256", "P-384", "P-521", "Ed25519", "X25519"]),
  SetMode: stringEnum("Whether keys not declared by the resource stay.", SET_MODES, {
    exclusive: "The set is exactly the declared keys: others are removed.",
    additive: "Keys not declared here are left alone.",
  }),
  TargetKind: stringEnum("Where a JWK Set is published (the `kind` of a `Target`).", TARGET_KINDS),
  ClientKind: stringEnum("Which kind of OAuth client a binding binds keys to (the `kind` of a `Client`).", CLIENT_KINDS),
  OktaAuth: stringEnum("How the Okta management API is called.", ["ssws", "bearer"], {
    ssws: "An API token (SSWS).",
    bearer: "An OAuth access token with okta.apps.read/manage.",
  }),
  PingOneRegion: stringEnum("A PingOne region (its top-level domain).", Object.keys(PINGONE_REGIONS)),
  TokenEndpointAuthMethod: stringEnum("A `token_endpoint_auth_method` (RFC 7591 section 2, OpenID Connect Core section 9).", AUTH_METHODS),
  ClientAssertionAlg: stringEnum("A JWS algorithm a client assertion can be signed with by a client key.", SIGNING_ALGS),
  ReachFiveKeyPair: stringEnum("Which server-generated key pair signs a ReachFive client's tokens.", ["global", "client-specific"], {
    global: "Synced to the account pair (PUT .../keys).",
    "client-specific": "The client's own pair (POST .../keys).",
  }),
};
