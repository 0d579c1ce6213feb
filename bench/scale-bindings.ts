/**
 * ClientKeyBindings at an organisation's scale (issue 21 item 1): N private_key_jwt clients on one real server
 * (Ory Hydra, or a Keycloak realm), each bound to one ES256 `Jwk`, in one stack run by the real `pulumi` CLI:
 * `up` from empty, a no-change `preview`, `refresh`, an `up` that rotates 1% of the keys, `destroy`. For each
 * phase it prints wall and CPU time (pulumi and every process it ran), the HTTP requests the server received by
 * kind (token, read, write; counted by a recording proxy the bindings are pointed at) and the peak RSS of the
 * dynamic-provider process. Run it under scripts/with-servers.sh, which starts the server and exports its URLs:
 *
 *   JWK_SERVERS=hydra bash scripts/with-servers.sh node dist/bench/scale-bindings.js hydra 100 [ROUNDS=2]
 *   JWK_SERVERS=keycloak bash scripts/with-servers.sh node dist/bench/scale-bindings.js keycloak 100 [ROUNDS=2]
 *
 * Issue 21 item 6 compares the no-change preview with the same stack shape on no-op resources
 * (bench/scale-noop-program.ts): that stack is created first, and the two previews alternate ROUNDS times
 * after the `up` so that the machine's load hits both alike; each round prints the wall and CPU ratio.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { HydraAdmin } from "../test/oauth/hydra-admin";
import { KEYCLOAK_ENV, KeycloakAdmin, serverEnv } from "../test/oauth/keycloak-admin";
import { startRecordingProxy, type ProxiedRequest } from "../test/oauth/recording-proxy";
import { ROOT } from "./program-folder";
import { noopScaleProgram } from "./scale-noop-program";

const [kind = "hydra", nText = "100", roundsText = "2"] = process.argv.slice(2);
const n = Number(nText);
const previewRounds = Number(roundsText);
const rotated = Math.max(1, Math.round(n / 100));

/** The program: N Jwks, each bound to its client; `rotate.json` lists the keys whose rotationTrigger moved on. */
const program = (clientRef: (i: number) => Record<string, unknown>) => `
const { ClientKeyBinding, Jwk } = require("pulumi-jwk");
const fs = require("node:fs");
const rotate = new Set(JSON.parse(fs.readFileSync(__dirname + "/rotate.json", "utf8")));
const refs = ${JSON.stringify(Array.from({ length: n }, (_, i) => clientRef(i)))};
refs.forEach((client, i) => {
  const key = new Jwk("k" + i, { alg: "ES256", use: "sig", rotationTrigger: rotate.has(i) ? "2" : "1" });
  new ClientKeyBinding("b" + i, { client, keys: [key.publicJwk], auth: { method: "private_key_jwt", signingAlg: "ES256" } });
});
`;

/** Peak RSS (VmHWM) of the dynamic-provider processes running in `dir`, sampled until stopped. */
function providerRssSampler(dir: string): { stop(): number } {
  let peakKb = 0;
  const sample = () => {
    for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
      try {
        if (readlinkSync(`/proc/${pid}/cwd`) !== dir) continue;
        if (!/dynamic-provider|pulumi-resource-pulumi-nodejs/.test(readFileSync(`/proc/${pid}/cmdline`, "utf8"))) continue;
        const hwm = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
        if (hwm) peakKb = Math.max(peakKb, Number(hwm[1]));
      } catch {
        // the process ended meanwhile
      }
    }
  };
  const timer = setInterval(sample, 200);
  return {
    stop: () => {
      clearInterval(timer);
      return peakKb / 1024;
    },
  };
}

/** Runs `pulumi <args>` in `dir` on the folder's file backend, without blocking this process (the proxy lives here); wall and CPU ms. */
function pulumi(dir: string, env: NodeJS.ProcessEnv, args: string[]): Promise<{ ms: number; cpuMs: number }> {
  const rusage = join(dir, "rusage");
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const child = spawn("/usr/bin/time", ["-f", "%U %S", "-o", rusage, "pulumi", ...args, "--non-interactive"], {
      cwd: dir,
      env: { ...env, PULUMI_BACKEND_URL: `file://${join(dir, "backend")}` },
    });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.on("close", (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (code !== 0) return reject(new Error(`pulumi ${args.join(" ")} failed in ${dir}:\n${output.slice(-4000)}`));
      const [user, system] = readFileSync(rusage, "utf8").trim().split(/\s+/).slice(-2).map(Number);
      resolve({ ms, cpuMs: (user! + system!) * 1000 });
    });
  });
}

/** token (a POST to a token endpoint), read (GET), write (anything else). */
function byKind(requests: readonly ProxiedRequest[]): string {
  const token = requests.filter((r) => r.method === "POST" && /\/token(\?|$)/.test(r.path)).length;
  const read = requests.filter((r) => r.method === "GET").length;
  return `token ${token}, read ${read}, write ${requests.length - token - read}`;
}

async function main(): Promise<void> {
  const run = `${Date.now().toString(36)}`;
  const clientIds = Array.from({ length: n }, (_, i) => `scale-${run}-${i}`);
  // Each client starts with a throwaway key of its own (private_key_jwt needs one); additive bindings leave it.
  const { publicKey } = await import("node:crypto").then((c) => c.generateKeyPairSync("ec", { namedCurve: "P-256" }));
  const seed = { ...publicKey.export({ format: "jwk" }), kid: "seed", use: "sig", alg: "ES256" } as Record<string, unknown>;
  let upstream: string;
  let clientRef: (proxy: string) => (i: number) => Record<string, unknown>;
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (kind === "keycloak") {
    const admin = new KeycloakAdmin();
    const realm = `scale-${run}`;
    await admin.createRealm(realm);
    // One partial import: a login per client would cost Keycloak N password hashes before the bench starts.
    await admin.createClients(realm, clientIds, { keys: [seed], signingAlg: "ES256" });
    upstream = serverEnv(KEYCLOAK_ENV.url);
    clientRef = (proxy) => (i) => ({
      kind: "keycloak",
      url: proxy,
      realm,
      clientId: clientIds[i],
      adminUsernameEnv: KEYCLOAK_ENV.adminUsername,
      adminPasswordEnv: KEYCLOAK_ENV.adminPassword,
    });
  } else {
    const admin = new HydraAdmin();
    for (const id of clientIds) await admin.createClient(id, { keys: [seed], signingAlg: "ES256" });
    upstream = admin.adminUrl;
    clientRef = (proxy) => (i) => ({ kind: "hydra", adminUrl: proxy, clientId: clientIds[i] });
  }
  const proxy = await startRecordingProxy(upstream);
  Object.assign(env, {
    PULUMI_CONFIG_PASSPHRASE: process.env.PULUMI_CONFIG_PASSPHRASE ?? "",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
  });
  const refs = Array.from({ length: n }, (_, i) => clientRef(proxy.url)(i));
  const dir = await stackFolder("scale-bindings", program(clientRef(proxy.url)), env);
  writeFileSync(join(dir, "rotate.json"), "[]");
  const noopDir = await stackFolder("scale-noop", noopScaleProgram(refs), env);
  const noopUp = await pulumi(noopDir, env, ["up", "--yes"]);
  console.log(
    `no-op stack (${2 * n} no-op dynamic resources) up: wall ${(noopUp.ms / 1000).toFixed(1)} s, CPU ${(noopUp.cpuMs / 1000).toFixed(1)} s`,
  );
  const preview = ["preview", "--expect-no-changes"];
  const phases: [string, string, string[], (() => void)?][] = [
    ["up from empty", dir, ["up", "--yes"]],
    ...Array.from({ length: previewRounds }, (_, r): [string, string, string[]][] => [
      [`preview, no change ${r + 1}`, dir, preview],
      [`no-op preview ${r + 1}`, noopDir, preview],
    ]).flat(),
    ["refresh", dir, ["refresh", "--yes"]],
    [
      `up rotating ${rotated} keys`,
      dir,
      ["up", "--yes"],
      () => writeFileSync(join(dir, "rotate.json"), JSON.stringify([...Array(rotated).keys()])),
    ],
    ["destroy", dir, ["destroy", "--yes"]],
  ];
  console.log(`${kind}: ${n} ClientKeyBindings (one ES256 Jwk each), one stack, pulumi CLI; requests counted by a recording proxy`);
  let lastPreview: { ms: number; cpuMs: number } | undefined;
  for (const [name, where, args, before] of phases) {
    before?.();
    const from = proxy.requests.length;
    const rss = providerRssSampler(where);
    const t = await pulumi(where, env, args);
    const peak = rss.stop();
    const requests = proxy.requests.slice(from);
    const failed = requests.filter((r) => r.status >= 400).length;
    console.log(
      `${name.padEnd(22)} wall ${(t.ms / 1000).toFixed(1)} s, CPU ${(t.cpuMs / 1000).toFixed(1)} s; requests ${requests.length} (${byKind(requests)}; ${failed} >= 400); provider peak RSS ${peak.toFixed(0)} MB`,
    );
    if (name.startsWith("preview")) lastPreview = t;
    if (name.startsWith("no-op preview") && lastPreview)
      console.log(
        `  preview / no-op preview: wall ${(lastPreview.ms / t.ms).toFixed(2)}, CPU ${(lastPreview.cpuMs / t.cpuMs).toFixed(2)} (goal <= 1.5)`,
      );
  }
  await proxy.close();
  rmSync(dir, { recursive: true, force: true });
  rmSync(noopDir, { recursive: true, force: true });
}

/** A program folder under .work/bench with its own file backend (see `pulumi`) and stack `bench`. */
async function stackFolder(name: string, indexJs: string, env: NodeJS.ProcessEnv): Promise<string> {
  const dir = join(ROOT, ".work", "bench", `${name}-${randomBytes(4).toString("hex")}`);
  mkdirSync(join(dir, "backend"), { recursive: true });
  writeFileSync(join(dir, "Pulumi.yaml"), `name: ${name}\nruntime:\n  name: nodejs\n  options:\n    typescript: false\nmain: index.js\n`);
  writeFileSync(join(dir, "index.js"), indexJs);
  await pulumi(dir, env, ["stack", "init", "bench"]);
  return dir;
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
