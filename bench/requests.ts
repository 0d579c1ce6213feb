/**
 * HTTP requests a JwkSet update costs, per target, counted by method and path from the emulators' request logs:
 * a set of N keys (100 on Janssen; 49 on Okta, one below its per-app maximum of 50, since a rotation adds the new
 * key before it removes the old one) is created, then one key is rotated (a new kid
 * replaces an old one), then one key changes in place (same kid, new material), then the same set is published
 * again. Goal (issue 7): 1 list + the writes for that one key (+ one token where the API needs one).
 *
 *   bash scripts/run.sh dist/bench/requests.js [N=100]
 */
import { describeKey, generateKey, type PublicJwk } from "../provider/core/keys/material";
import { publishKeySet } from "../provider/resources/jwkset/logic";
import type { TargetConfig } from "../provider/registry/targets";
import { OKTA_MAX_KEYS } from "../provider/vendors/okta/target";
import { startJanssenEmulator } from "../test/emulators/janssen";
import { startOktaEmulator } from "../test/emulators/okta";
import type { Emulator, RecordedRequest } from "../test/emulators/server";

const key = async (kid: string): Promise<PublicJwk> =>
  (await describeKey(await generateKey({ alg: "ES256" }), { alg: "ES256", use: "sig", kid })).publicJwk;

interface Row {
  target: string;
  step: string;
  requests: RecordedRequest[];
  /** Kids the step is meant to change (writes about any other key count against the goal). */
  kids: string[];
  /** Okta key id -> kid, as the target held them before the step. */
  idToKid: Map<string, string>;
}

/** Method and path with ids replaced by their names, so requests group by endpoint. */
function endpoint(r: RecordedRequest): string {
  const path = r.path
    .replace(/\/apps\/[^/]+/, "/apps/{appId}")
    .replace(/\/jwks\/pks[^/]+/, "/jwks/{keyId}")
    .replace(/\/config\/jwks\/(?!key$)[^/]+$/, "/config/jwks/{kid}");
  return `${r.method} ${path}`;
}

function summarise(requests: RecordedRequest[]): string {
  const counts = new Map<string, number>();
  for (const r of requests) counts.set(endpoint(r), (counts.get(endpoint(r)) ?? 0) + 1);
  return [...counts].map(([e, n]) => `${n} x ${e}`).join("; ");
}

/** The kid a write is about: the posted key's kid, Janssen's kid in the path, or the kid of Okta's key id. */
function kidOf(r: RecordedRequest, idToKid: Map<string, string>): string | undefined {
  const posted = (r.body as { kid?: unknown } | undefined)?.kid;
  if (typeof posted === "string") return posted;
  const okta = /\/jwks\/(pks[^/]+)/.exec(r.path)?.[1];
  if (okta) return idToKid.get(okta);
  const jans = /\/config\/jwks\/([^/]+)$/.exec(r.path)?.[1];
  return jans === undefined || jans === "key" ? undefined : decodeURIComponent(jans);
}

/** Whether a step met the goal: one list, at most one token, and every write about the changed key. */
function verdict(row: Row): string {
  const lists = row.requests.filter((r) => r.operationId === "listJwk" || r.operationId === "get-config-jwks").length;
  const tokens = row.requests.filter((r) => r.operationId === "jans-auth:token").length;
  const writes = row.requests.filter((r) => r.method !== "GET" && r.operationId !== "jans-auth:token");
  const others = writes.filter((r) => !row.kids.includes(kidOf(r, row.idToKid) ?? "")).length;
  const met = lists === 1 && tokens <= 1 && others === 0 && (row.kids.length > 0 || writes.length === 0);
  return `${lists} list, ${tokens} token, ${writes.length} writes (${others} about other keys): goal ${met ? "met" : "NOT met"}`;
}

async function measure(name: string, emulator: Emulator, config: TargetConfig, n: number, ids: () => Map<string, string>): Promise<Row[]> {
  const rows: Row[] = [];
  const run = async (step: string, keys: PublicJwk[], owned: readonly string[], kids: string[]) => {
    const from = emulator.requests.length;
    const idToKid = ids();
    const out = await publishKeySet({ target: config, keys }, owned);
    rows.push({ target: name, step, requests: emulator.requests.slice(from), kids, idToKid });
    return out;
  };
  let keys = await Promise.all(Array.from({ length: n }, (_, i) => key(`k${i}`)));
  let out = await run(`create ${n} keys`, keys, [], []);
  const rotated = await key("k-new");
  const gone = keys[0]!.kid;
  keys = [...keys.slice(1), rotated];
  out = await run(`rotate 1 of ${n} (new kid in, old out)`, keys, out.kids, [rotated.kid, gone]);
  const changed = await key(keys[0]!.kid);
  keys = [changed, ...keys.slice(1)];
  out = await run(`change 1 of ${n} in place (same kid)`, keys, out.kids, [changed.kid]);
  await run(`publish ${n} unchanged`, keys, out.kids, []);
  return rows;
}

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 100);
  const [okta, jans] = await Promise.all([startOktaEmulator(), startJanssenEmulator()]);
  try {
    process.env.OKTA_API_TOKEN = okta.apiToken;
    process.env.JANS_CLIENT_ID = jans.clientId;
    process.env.JANS_CLIENT_SECRET = jans.clientSecret;
    const appId = okta.createApp({ tokenEndpointAuthMethod: "private_key_jwt" });
    // A rotation adds before it removes, so at Okta's maximum it is refused: leave room for one.
    const m = Math.min(n, OKTA_MAX_KEYS - 1);
    const rows = [
      ...(await measure("janssen", jans, { kind: "janssen", url: jans.configApiUrl, tokenUrl: jans.tokenUrl }, n, () => new Map())),
      ...(await measure(
        "okta",
        okta,
        { kind: "okta", orgUrl: okta.url, appId },
        m,
        () => new Map(okta.keys(appId).map((k) => [k.id, String(k.kid)])),
      )),
    ];
    console.log(`HTTP requests per JwkSet publish (Janssen: ${n} keys; Okta: ${m} keys, one below its per-app maximum)`);
    for (const row of rows) {
      const what = row.step.startsWith("create") ? `${row.requests.length} requests` : verdict(row);
      console.log(`${row.target.padEnd(8)} ${row.step.padEnd(38)} ${String(row.requests.length).padStart(4)} requests: ${what}`);
      if (!row.step.startsWith("create")) console.log(`${"".padEnd(48)}${summarise(row.requests)}`);
    }
    const violations = [...okta.contractViolations, ...jans.contractViolations];
    if (violations.length) throw new Error(`contract violations:\n${violations.join("\n")}`);
  } finally {
    await Promise.all([okta.close(), jans.close()]);
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
