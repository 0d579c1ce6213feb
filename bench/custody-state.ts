/**
 * What a `Jwk` in each custody costs in state and in requests (issue 19 item 8), from `pulumi up` of a program
 * folder (the real CLI) holding one ES256 `Jwk`, per backend and for the state default:
 *   - state bytes: the Jwk resource's compact JSON in `pulumi stack export` (secrets stay ciphertext), and the
 *     private bytes in it: private JWK members (plain or inside a secret: the default keeps `privateJwk` as an
 *     encrypted secret) and, for the stores, the key's raw private values read back from the store;
 *   - wall time of the create up, of a rotation up (the Jwk renamed: a new key created, the old one retired);
 *   - requests to the backend per `pulumi up` when nothing changed, and per `pulumi up --refresh`, counted at a
 *     recording proxy in front of OpenBao and moto (bench/recording-proxy.ts). PKCS#11 is no HTTP: not counted.
 *
 *   JWK_SERVERS="openbao moto softhsm" bash scripts/with-servers.sh bash scripts/run.sh dist/bench/custody-state.js
 */
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { custodyUris, type CustodyName } from "./custody-uris";
import { programFolder } from "./program-folder";
import { recordingProxy, type RecordingProxy } from "./recording-proxy";

const PRIVATE_MEMBERS = ["d", "p", "q", "dp", "dq", "qi"];
const JWK_TYPE = "pulumi-nodejs:dynamic/pulumi-jwk:Jwk";

const program = (resourceName: string, keyUri: string | undefined) => `
const { Jwk } = require("pulumi-jwk");
const key = new Jwk(${JSON.stringify(resourceName)}, { alg: "ES256"${keyUri ? `, keyUri: ${JSON.stringify(keyUri)}` : ""} });
module.exports = { kid: key.kid };
`;

/** A store's private JWK, read back by the bench (the only custody where anyone can read the private bytes). */
async function storedPrivateValues(backend: CustodyName | "state", name: string): Promise<string[]> {
  let jwk: Record<string, unknown> | undefined;
  if (backend === "vault-kv") {
    const r = await fetch(`${process.env.JWK_OPENBAO_ADDR}/v1/secret/data/${name}`, {
      headers: { "X-Vault-Token": process.env.JWK_OPENBAO_TOKEN! },
    });
    jwk = ((await r.json()) as { data: { data: Record<string, unknown> } }).data.data;
  } else if (backend === "awssm") {
    const sm = new SecretsManagerClient({ region: "eu-west-1", endpoint: process.env.JWK_MOTO_URL });
    jwk = JSON.parse((await sm.send(new GetSecretValueCommand({ SecretId: name }))).SecretString!) as Record<string, unknown>;
  }
  return PRIVATE_MEMBERS.map((m) => jwk?.[m]).filter((v): v is string => typeof v === "string");
}

/** Private bytes found in the Jwk's state: member names (also the secret `privateJwk`) and raw values in any encoding. */
function privateIn(resource: object, values: string[]): string {
  const text = JSON.stringify(resource);
  const found: string[] = [];
  const members = new RegExp(`"(${PRIVATE_MEMBERS.join("|")})":`).exec(text);
  if (members) found.push(`member ${members[1]}`);
  if ((resource as { outputs?: Record<string, unknown> }).outputs?.privateJwk !== undefined) found.push("privateJwk (encrypted secret)");
  for (const v of values) {
    const bytes = Buffer.from(v, "base64url");
    if ([v, bytes.toString("base64"), bytes.toString("hex")].some((f) => text.includes(f))) found.push("raw private value");
  }
  return found.length ? found.join(", ") : "none";
}

/** "outputs.publicJwk 180, inputs.keyUri 120, ..." for the largest properties of the Jwk in state. */
function largest(resource: { inputs?: Record<string, unknown>; outputs?: Record<string, unknown> }): string {
  const parts: [string, number][] = [];
  for (const side of ["inputs", "outputs"] as const)
    for (const [k, v] of Object.entries(resource[side] ?? {})) parts.push([`${side}.${k}`, Buffer.byteLength(JSON.stringify(v))]);
  return parts
    .sort((a, b) => b[1] - a[1])
    .slice(0, 6)
    .map(([k, n]) => `${k} ${n}`)
    .join(", ");
}

/** Bytes of the Jwk's inputs and outputs: what the package writes (the rest is the engine's record: urn, type, parent, provider, timestamps, ...). */
const ownBytes = (r: { inputs?: object; outputs?: object }) =>
  Buffer.byteLength(JSON.stringify(r.inputs ?? {})) + Buffer.byteLength(JSON.stringify(r.outputs ?? {}));

/** "3 (2 x GET /v1/transit/keys/{name}, ...)" for the requests of one up. */
function counted(requests: string[] | undefined): string {
  if (!requests) return "- (no HTTP)";
  const counts = new Map<string, number>();
  for (const r of requests) {
    const endpoint = r.replace(/bench-[0-9a-f]+-\w+/g, "{name}");
    counts.set(endpoint, (counts.get(endpoint) ?? 0) + 1);
  }
  return `${requests.length}${requests.length ? ` (${[...counts].map(([e, n]) => `${n} x ${e}`).join("; ")})` : ""}`;
}

async function measure(backend: CustodyName | "state", uri: ((name: string) => string) | undefined, proxy?: RecordingProxy): Promise<void> {
  const id = randomBytes(3).toString("hex");
  const keyName = (step: string) => `bench-${id}-${step}`;
  const folder = programFolder(`custody-state-${backend}`, () => program("key-1", uri?.(keyName("1"))));
  try {
    const create = folder.run(["up", "--yes", "--skip-preview"]);
    const exported = JSON.parse(folder.exportedState()) as { deployment: { resources: { type: string }[] } };
    const jwk = exported.deployment.resources.find((r) => r.type === JWK_TYPE)! as Parameters<typeof largest>[0];
    const values = await storedPrivateValues(backend, keyName("1"));
    proxy?.take();
    folder.run(["up", "--yes", "--skip-preview"]);
    const noChange = proxy?.take();
    folder.run(["up", "--yes", "--skip-preview", "--refresh"]);
    const refresh = proxy?.take();
    writeFileSync(join(folder.dir, "index.js"), program("key-2", uri?.(keyName("2"))));
    const rotate = folder.run(["up", "--yes", "--skip-preview"]);
    folder.run(["destroy", "--yes", "--skip-preview"]);
    console.log(
      `${backend.padEnd(14)} Jwk ${Buffer.byteLength(JSON.stringify(jwk))} bytes (inputs + outputs ${ownBytes(jwk)}), private in it: ${privateIn(jwk, values)}` +
        `${values.length ? ` (scanned for the ${values.length} raw value(s) read back from the store)` : ""}\n` +
        `${"".padEnd(14)} largest: ${largest(jwk)}\n` +
        `${"".padEnd(14)} up: create ${(create.ms / 1000).toFixed(1)} s, rotate ${(rotate.ms / 1000).toFixed(1)} s; ` +
        `requests per up with no change: ${counted(noChange)}; per up --refresh: ${counted(refresh)}`,
    );
  } finally {
    folder.dispose();
  }
}

async function main(): Promise<void> {
  const { JWK_OPENBAO_ADDR: bao, JWK_MOTO_URL: moto } = process.env;
  const proxies = { openbao: bao ? await recordingProxy(bao) : undefined, moto: moto ? await recordingProxy(moto) : undefined };
  const viaProxy = custodyUris({ openbao: proxies.openbao?.url, moto: proxies.moto?.url });
  const proxyOf: Record<CustodyName, RecordingProxy | undefined> = {
    "vault-transit": proxies.openbao,
    "vault-kv": proxies.openbao,
    awskms: proxies.moto,
    awssm: proxies.moto,
    pkcs11: undefined,
  };
  try {
    await measure("state", undefined);
    for (const [backend, uri] of Object.entries(viaProxy) as [CustodyName, ((n: string) => string) | string][]) {
      if (typeof uri === "string") console.log(`${backend}: skipped (${uri})`);
      else await measure(backend, uri, proxyOf[backend]);
    }
  } finally {
    for (const p of Object.values(proxies)) p?.close();
  }
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
