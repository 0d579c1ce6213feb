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
 * Side by side with an older build (issue 21 item 6): JWK_BENCH_BASE=<path of another checkout of this
 * repository, built; bench/base-checkout.sh prepares one> adds a second stack of the same program in a folder
 * under that checkout's .work/bench, so it resolves that checkout's `pulumi-jwk`, on clients of its own (its
 * own Keycloak realm) behind a recording proxy of its own. Each phase runs on the base, then on this package,
 * never both at once, and prints both lines and the ratio base / current.
 *
 * Issue 21 item 6 also compares the no-change preview with the same stack shape on no-op resources
 * (bench/scale-noop-program.ts, this package only): that stack is created first, and the previews alternate
 * ROUNDS times after the `up` so that the machine's load hits both alike; each round prints the ratio.
 */
import { generateKeyPairSync } from "node:crypto";
import { existsSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { HydraAdmin } from "../test/oauth/hydra-admin";
import { KEYCLOAK_ENV, KeycloakAdmin, serverEnv } from "../test/oauth/keycloak-admin";
import { startRecordingProxy } from "../test/oauth/recording-proxy";
import { ROOT } from "./program-folder";
import { noopScaleProgram } from "./scale-noop-program";
import { measure, pulumi, ratioLine, stackFolder, type Stack, type Timing } from "./scale-stack";

const [kind = "hydra", nText = "100", roundsText = "2"] = process.argv.slice(2);
const n = Number(nText);
const previewRounds = Number(roundsText);
const rotated = Math.max(1, Math.round(n / 100));
const base = process.env.JWK_BENCH_BASE ? resolve(process.env.JWK_BENCH_BASE) : undefined;
type ClientRef = Record<string, unknown>;

/** The program: N Jwks, each bound to its client; `rotate.json` lists the keys whose rotationTrigger moved on. */
const program = (refs: readonly ClientRef[]) => `
const { ClientKeyBinding, Jwk } = require("pulumi-jwk");
const fs = require("node:fs");
const rotate = new Set(JSON.parse(fs.readFileSync(__dirname + "/rotate.json", "utf8")));
const refs = ${JSON.stringify(refs)};
refs.forEach((client, i) => {
  const key = new Jwk("k" + i, { alg: "ES256", use: "sig", rotationTrigger: rotate.has(i) ? "2" : "1" });
  new ClientKeyBinding("b" + i, { client, keys: [key.publicJwk], auth: { method: "private_key_jwt", signingAlg: "ES256" } });
});
`;

/**
 * N new clients on the server (named after `run`), each with a throwaway key of its own (private_key_jwt needs
 * one; additive bindings leave it), behind a recording proxy; the bindings' client references point at it.
 */
async function scaleClients(run: string): Promise<{ refs: ClientRef[]; proxy: Awaited<ReturnType<typeof startRecordingProxy>> }> {
  const clientIds = Array.from({ length: n }, (_, i) => `scale-${run}-${i}`);
  const { publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const seed = { ...publicKey.export({ format: "jwk" }), kid: "seed", use: "sig", alg: "ES256" } as Record<string, unknown>;
  if (kind === "keycloak") {
    const realm = `scale-${run}`;
    const admin = new KeycloakAdmin();
    await admin.createRealm(realm);
    // One partial import: a login per client would cost Keycloak N password hashes before the bench starts.
    await admin.createClients(realm, clientIds, { keys: [seed], signingAlg: "ES256" });
    const proxy = await startRecordingProxy(serverEnv(KEYCLOAK_ENV.url));
    const refs = clientIds.map((clientId) => ({
      kind: "keycloak",
      url: proxy.url,
      realm,
      clientId,
      adminUsernameEnv: KEYCLOAK_ENV.adminUsername,
      adminPasswordEnv: KEYCLOAK_ENV.adminPassword,
    }));
    return { refs, proxy };
  }
  const admin = new HydraAdmin();
  for (const id of clientIds) await admin.createClient(id, { keys: [seed], signingAlg: "ES256" });
  const proxy = await startRecordingProxy(admin.adminUrl);
  return { refs: clientIds.map((clientId) => ({ kind: "hydra", adminUrl: proxy.url, clientId })), proxy };
}

/** A stack of the program on new clients, in a folder under `root` (a built checkout of this repository). */
async function bindingStack(label: string, root: string, run: string, env: NodeJS.ProcessEnv): Promise<Stack & { refs: ClientRef[] }> {
  const { refs, proxy } = await scaleClients(run);
  const dir = await stackFolder(root, "scale-bindings", program(refs), env);
  writeFileSync(join(dir, "rotate.json"), "[]");
  return { label, dir, proxy, refs };
}

/** The stacks' proxies, closed when the bench ends, failed or not (an open server would keep this process alive). */
const stacks: Stack[] = [];

async function main(): Promise<void> {
  if (base && !existsSync(join(base, "dist", "provider", "index.js")))
    throw new Error(`JWK_BENCH_BASE=${base}: no dist/provider/index.js there; prepare it with bash bench/base-checkout.sh`);
  const run = Date.now().toString(36);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PULUMI_CONFIG_PASSPHRASE: process.env.PULUMI_CONFIG_PASSPHRASE ?? "",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
  };
  const baseStack = base ? await bindingStack("base", base, `${run}-base`, env) : undefined;
  const current = await bindingStack(base ? "current" : "", ROOT, run, env);
  const bindingStacks = baseStack ? [baseStack, current] : [current];
  stacks.push(...bindingStacks);
  const noop: Stack = { label: "", dir: await stackFolder(ROOT, "scale-noop", noopScaleProgram(current.refs), env) };
  const noopUp = await pulumi(noop.dir, env, ["up", "--yes"]);
  console.log(
    `no-op stack (${2 * n} no-op dynamic resources) up: wall ${(noopUp.ms / 1000).toFixed(1)} s, CPU ${(noopUp.cpuMs / 1000).toFixed(1)} s`,
  );
  console.log(
    `${kind}: ${n} ClientKeyBindings (one ES256 Jwk each), one stack${base ? ` per package (base = ${base}, current = ${ROOT})` : ""}, pulumi CLI; requests counted by a recording proxy`,
  );
  /** Runs a phase on each binding stack in turn (base first), then prints base / current; the current's timing. */
  const onEach = async (name: string, args: string[], before?: (dir: string) => void): Promise<Timing> => {
    const timings: Timing[] = [];
    for (const stack of bindingStacks) {
      before?.(stack.dir);
      timings.push(await measure(name, stack, env, args));
    }
    if (timings.length === 2) console.log(ratioLine("base / current", timings[0]!, timings[1]!));
    return timings.at(-1)!;
  };
  const preview = ["preview", "--expect-no-changes"];
  await onEach("up from empty", ["up", "--yes"]);
  for (let r = 1; r <= previewRounds; r++) {
    const real = await onEach(`preview, no change ${r}`, preview);
    const floor = await measure(`no-op preview ${r}`, noop, env, preview);
    console.log(ratioLine("preview / no-op preview", real, floor, " (goal <= 1.5)"));
  }
  await onEach("refresh", ["refresh", "--yes"]);
  await onEach(`up rotating ${rotated} keys`, ["up", "--yes"], (dir) =>
    writeFileSync(join(dir, "rotate.json"), JSON.stringify([...Array(rotated).keys()])),
  );
  await onEach("destroy", ["destroy", "--yes"]);
  for (const stack of [...bindingStacks, noop]) rmSync(stack.dir, { recursive: true, force: true });
}

void main()
  .catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(() => Promise.all(stacks.flatMap((s) => (s.proxy ? [s.proxy.close()] : []))));
