/**
 * The pingone client kind against the PingOne emulator (a real HTTP server checking every call against PingOne's
 * spec), through the generic binding logic: bind an application to a policy, the binding reset by an update that
 * leaves `signing` out (the known failure) read as drift and restored without losing the other change, release
 * only while the application is still on the bound policy, and the input rules of the kind and the registry.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientFailures, clientKindOf } from "../../../provider/registry/clients";
import { pingOneKind, processApplication } from "../../../provider/vendors/pingone/client";
import { bindingInputFailures } from "../../../provider/resources/binding/check";
import { bindClient, readBinding, releaseBinding } from "../../resources/binding/parsed";
import { startPingOneEmulator, type PingOneEmulator } from "../../emulators/pingone";

let p1: PingOneEmulator;
let policyId: string;
beforeAll(async () => {
  p1 = await startPingOneEmulator();
  process.env.PINGONE_CLIENT_ID = p1.clientId;
  process.env.PINGONE_CLIENT_SECRET = p1.clientSecret;
  // A policy made through the API the way the resource makes it (the emulator's console has no create).
  const token = (await (
    await fetch(`${p1.authUrl}/${p1.environmentId}/as/token`, {
      method: "POST",
      headers: {
        authorization: `Basic ${Buffer.from(`${p1.clientId}:${p1.clientSecret}`).toString("base64")}`,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: "grant_type=client_credentials",
    })
  ).json()) as { access_token: string };
  const res = await fetch(`${p1.apiUrl}/environments/${p1.environmentId}/keyRotationPolicies`, {
    method: "POST",
    headers: { authorization: `Bearer ${token.access_token}`, "content-type": "application/json" },
    body: JSON.stringify({
      name: "t",
      dn: "CN=t",
      algorithm: "RSA",
      keyLength: 2048,
      signatureAlgorithm: "SHA256withRSA",
      usageType: "SIGNING",
    }),
  });
  policyId = ((await res.json()) as { id: string }).id;
});
afterAll(async () => {
  await p1.close();
  expect(p1.contractViolations).toEqual([]);
});

const config = (applicationId: string) => ({
  kind: "pingone" as const,
  environmentId: p1.environmentId,
  apiUrl: p1.apiUrl,
  authUrl: p1.authUrl,
  applicationId,
});
const notify = () => undefined;

describe("pingone client kind on the emulator", () => {
  it("binds, sees the reset as drift, restores only signing, releases back to the default policy", async () => {
    const appId = p1.createApplication("shop");
    const inputs = { client: config(appId), pingone: { keyRotationPolicyId: policyId } };
    const binder = pingOneKind.open(config(appId), {});
    const outs = await bindClient(inputs, [], binder);
    expect(p1.applicationPolicy(appId)).toBe(policyId);
    expect(outs.drift.settings).toEqual([]);
    expect(outs.livePingone).toEqual({ keyRotationPolicyId: policyId });

    p1.consoleSaveApplication(appId, { description: "edited elsewhere" });
    const refreshed = await readBinding(outs, binder);
    expect(refreshed?.drift.settings).toEqual(["pingone.keyRotationPolicyId"]);
    expect(refreshed?.livePingone).toEqual({ keyRotationPolicyId: p1.defaultPolicyId });

    const mark = p1.requests.length;
    await bindClient(inputs, [], binder);
    expect(p1.applicationPolicy(appId)).toBe(policyId);
    const put = p1.requests.slice(mark).find((r) => r.operationId === "updateApplication")!.body as Record<string, unknown>;
    expect(put).toMatchObject({ description: "edited elsewhere", signing: { keyRotationPolicy: { id: policyId } } });
    expect(Object.keys(put)).not.toContain("id"); // read-only members are not sent back

    await releaseBinding({ ...outs }, binder, notify);
    expect(p1.applicationPolicy(appId)).toBe(p1.defaultPolicyId);
  });

  it("release leaves an application someone moved to another policy alone; a missing application is named", async () => {
    const appId = p1.createApplication();
    const binder = pingOneKind.open(config(appId), {});
    const outs = await bindClient({ client: config(appId), pingone: { keyRotationPolicyId: policyId } }, [], binder);
    p1.consoleSaveApplication(appId, { signing: { keyRotationPolicy: { id: p1.defaultPolicyId } } });
    const mark = p1.requests.length;
    await releaseBinding(outs, binder, notify);
    expect(p1.requests.slice(mark).map((r) => r.operationId)).not.toContain("updateApplication");

    const gone = pingOneKind.open(config("00000000-0000-4000-8000-000000000000"), {});
    expect(await gone.read()).toBeUndefined();
    await expect(
      bindClient({ client: config("00000000-0000-4000-8000-000000000000"), pingone: { keyRotationPolicyId: policyId } }, [], gone),
    ).rejects.toMatchObject({
      code: "ERR_JWKS_CLIENT_NOT_FOUND",
    });
  });
});

describe("pingone binding rules", () => {
  const c = {
    kind: "pingone",
    environmentId: "3f2c1d7e-1111-4222-8333-444455556666",
    applicationId: "3f2c1d7e-1111-4222-8333-444455556667",
  } as const;

  it("refuses keys, jwksUri and auth; requires the policy", () => {
    const f = clientKindOf(c.kind)?.bindingFailures(
      { mode: "additive", keys: [], jwksUri: "https://x", authMethod: "private_key_jwt" },
      "keys",
    );
    expect(f?.map((x) => x.property)).toEqual(["keys", "jwksUri", "auth", "pingone.keyRotationPolicyId"]);
  });

  it("other kinds refuse the pingone section", async () => {
    // Refused by input property: the declared binding handed to a kind carries only that kind's own section.
    const f = await bindingInputFailures({
      client: { kind: "rfc7592", registrationClientUri: "https://op.example/reg/1" },
      keys: [],
      pingone: { keyRotationPolicyId: "p" },
    });
    expect(f[0]).toEqual({ property: "pingone", reason: 'only a client of kind "pingone" takes this section; this client is "rfc7592"' });
  });

  it("the client reference: ids are UUIDs, region known, no stray members", () => {
    const f = clientFailures({ kind: "pingone", environmentId: "prod", applicationId: 7, region: "us", token: "x" }, "client");
    expect(f.map((x) => x.property).sort()).toEqual(["client.applicationId", "client.environmentId", "client.region", "client.token"]);
  });

  it("processApplication drops read-only members and reads the policy", () => {
    const app = processApplication(
      { id: "a", _links: {}, environment: { id: "e" }, createdAt: "t", name: "n", signing: { keyRotationPolicy: { id: "k" } } },
      "c",
    );
    expect(app).toEqual({ writable: { name: "n", signing: { keyRotationPolicy: { id: "k" } } }, policyId: "k" });
    expect(() => processApplication("<html>", "c")).toThrow(expect.objectContaining({ code: "ERR_JWKS_CLIENT_RESPONSE" }));
  });
});

describe("pingone binding inputs (ClientKeyBinding check)", () => {
  it("a pingone client without the section is told about the section, not about keys", async () => {
    const client = {
      kind: "pingone" as const,
      environmentId: "3f2c1d7e-1111-4222-8333-444455556666",
      applicationId: "3f2c1d7e-1111-4222-8333-444455556667",
    };
    expect(await bindingInputFailures({ client })).toEqual([
      {
        property: "pingone.keyRotationPolicyId",
        reason: "required for a pingone client: the policy's id (PingOneKeyRotationPolicy.policyId)",
      },
    ]);
    expect(await bindingInputFailures({ client, pingone: { keyRotationPolicyId: "p" } })).toEqual([]);
  });
});
