/**
 * ClientKeyBinding under the real engine on the vendor emulators (requests checked against Okta's and Janssen's
 * specs): an Okta app (keys through the app JWKS API, auth method on the app object) and a Janssen client
 * (`jwks` text on the client), each with someone else's key. Up binds and switches both to private_key_jwt; a
 * no-change preview; keys removed by an admin show on refresh and are restored by up; destroy removes only the
 * bound keys; the auth method switched back by an admin shows on refresh and is set again by up; no request body
 * holds a private member.
 */
import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import { test } from "node:test";
import { ClientKeyBinding, Jwk } from "pulumi-jwk";
import { emulatorsForFile } from "./emulators";
import { newStack, stateResources } from "./harness";
import { ecKey } from "./plain-keys";

const BINDING = "pulumi-nodejs:dynamic/pulumi-jwk:ClientKeyBinding";
const emulators = emulatorsForFile({ checkContract: true });

function rsaKey(kid: string) {
  const jwk = generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey.export({ format: "jwk" }) as Record<string, string>;
  return { kty: "RSA", n: jwk.n!, e: jwk.e!, kid, use: "sig", alg: "RS256" };
}

test("okta and janssen kinds: bind, switch to private_key_jwt, drift repaired, destroy keeps the partners' keys", async () => {
  const { okta, jans } = emulators;
  const appId = okta.createApp({ tokenEndpointAuthMethod: "client_secret_basic" });
  okta.consoleAddKey(appId, ecKey("okta-partner"), "ACTIVE");
  const partner = rsaKey("jans-partner");
  const inum = jans.createClient({ jwks: JSON.stringify({ keys: [partner] }) });
  const program = async () => {
    const oktaKey = new Jwk("okta-key", { alg: "ES256" });
    const jansKey = new Jwk("jans-key", { alg: "RS256" });
    const a = new ClientKeyBinding("okta-app", {
      client: { kind: "okta", orgUrl: okta.url, appId },
      keys: [oktaKey.publicJwk],
      auth: { method: "private_key_jwt" },
    });
    const b = new ClientKeyBinding("jans-client", {
      client: { kind: "janssen", url: jans.configApiUrl, tokenUrl: jans.tokenUrl, inum },
      keys: [jansKey.publicJwk],
      auth: { method: "private_key_jwt", signingAlg: "RS256" },
    });
    return {
      oktaKid: oktaKey.kid,
      jansKid: jansKey.kid,
      oktaD: oktaKey.privateJwk,
      jansD: jansKey.privateJwk,
      a: a.authMethod,
      b: b.authMethod,
    };
  };
  const { stack, dir, dispose } = await newStack("binding-emulators", program);
  try {
    const up = await stack.up();
    assert.deepEqual(up.summary.resourceChanges, { create: 5 });
    const oktaKid = up.outputs.oktaKid!.value as string;
    const jansKid = up.outputs.jansKid!.value as string;
    assert.equal(up.outputs.a!.value, "private_key_jwt");
    assert.equal(up.outputs.b!.value, "private_key_jwt");
    assert.equal(okta.tokenEndpointAuthMethod(appId), "private_key_jwt");
    assert.deepEqual(
      okta
        .keys(appId)
        .map((k) => k.kid)
        .sort(),
      [oktaKid, "okta-partner"].sort(),
    );
    assert.deepEqual(
      jans.clientKeys(inum).map((k) => k.kid),
      ["jans-partner", jansKid],
    );
    await stack.preview({ expectNoChanges: true });

    // Admins remove the bound keys: refresh reports them missing, up restores them.
    okta.consoleSetStatus(appId, oktaKid, "INACTIVE");
    okta.consoleDeleteKey(appId, oktaKid);
    jans.consoleUpdateClient(inum, (c) => ({ ...c, jwks: JSON.stringify({ keys: [partner] }) }));
    const refresh = await stack.refresh();
    assert.match(refresh.stdout + refresh.stderr, /drift on okta .*missing/);
    assert.match(refresh.stdout + refresh.stderr, /drift on janssen client .*missing/);
    const drift = Object.fromEntries(stateResources(dir, BINDING).map((r) => [String(r.urn).split("::").pop(), r.outputs.drift.missing]));
    assert.deepEqual(drift, { "okta-app": [oktaKid], "jans-client": [jansKid] });
    await stack.up();
    assert.deepEqual(
      okta
        .keys(appId)
        .map((k) => k.kid)
        .sort(),
      [oktaKid, "okta-partner"].sort(),
    );
    assert.deepEqual(
      jans.clientKeys(inum).map((k) => k.kid),
      ["jans-partner", jansKid],
    );

    // An admin switches the Okta app back to client secrets: refresh reports the setting, up sets it again.
    okta.consoleSetTokenEndpointAuthMethod(appId, "client_secret_basic");
    await stack.refresh();
    const oktaState = stateResources(dir, BINDING).find((r) => String(r.urn).endsWith("::okta-app"))!;
    assert.deepEqual(oktaState.outputs.drift.settings, ["authMethod"]);
    assert.equal(oktaState.outputs.authMethod, "client_secret_basic");
    await stack.up();
    assert.equal(okta.tokenEndpointAuthMethod(appId), "private_key_jwt");

    // No private member reached either server.
    const privateDs = [(up.outputs.oktaD!.value as { d: string }).d, (up.outputs.jansD!.value as { d: string }).d];
    for (const r of [...okta.requests, ...jans.requests]) {
      const body = JSON.stringify(r.body ?? "");
      for (const d of privateDs) assert.ok(!body.includes(d), `${r.method} ${r.path} carried private key material`);
    }

    await stack.destroy();
    assert.deepEqual(
      okta.keys(appId).map((k) => k.kid),
      ["okta-partner"],
    );
    assert.deepEqual(
      jans.clientKeys(inum).map((k) => k.kid),
      ["jans-partner"],
    );
  } finally {
    await dispose();
  }
});
