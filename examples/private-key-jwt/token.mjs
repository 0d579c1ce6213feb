// Obtains an access token (client_credentials) with the bound private key: reads the stack's `privateJwk`
// output, signs an RFC 7523 client assertion (aud = the token endpoint, fresh jti), prints the outcome.
//   OIDC_ISSUER=... OIDC_TOKEN_ENDPOINT=... OIDC_CLIENT_ID=... node token.mjs   (run in this folder)
import { execFileSync } from "node:child_process";
import { importJWK } from "jose";
import * as oauth from "oauth4webapi";

const need = (name) => process.env[name] || (console.error(`set ${name}`), process.exit(2));
const issuer = need("OIDC_ISSUER");
const tokenEndpoint = need("OIDC_TOKEN_ENDPOINT");
const clientId = need("OIDC_CLIENT_ID");
const privateJwk = JSON.parse(execFileSync("pulumi", ["stack", "output", "privateJwk", "--show-secrets", "--json"], { encoding: "utf8" }));

const as = { issuer, token_endpoint: tokenEndpoint };
const client = { client_id: clientId };
const key = await importJWK(privateJwk, privateJwk.alg);
const auth = oauth.PrivateKeyJwt(
  { key, kid: privateJwk.kid },
  { [oauth.modifyAssertion]: (_h, payload) => void (payload.aud = tokenEndpoint) },
);
const insecure = new URL(tokenEndpoint).hostname === "127.0.0.1" ? { [oauth.allowInsecureRequests]: true } : {};
const response = await oauth.clientCredentialsGrantRequest(as, client, auth, {}, insecure);
try {
  const token = await oauth.processClientCredentialsResponse(as, client, response);
  console.log(`access token obtained with key ${privateJwk.kid}: ${token.token_type}, expires in ${token.expires_in} s`);
} catch (e) {
  console.error(`token request refused: ${e.error ?? e.message}`);
  process.exit(1);
}
