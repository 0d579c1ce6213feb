/**
 * Issue 18 item 7, under the real CLI: no output shows a credential. Every credential variable the package
 * reads gets a distinctive value, and every kind (JwkSet targets, ClientKeyBinding clients, the vendors' own
 * resources) is pointed at one local server that, by turns, refuses every token (401), answers 5xx with a body
 * echoing the credentials it was sent (the Authorization header decoded, the token request's form), and answers
 * malformed JSON echoing them. Token endpoints grant a distinctive access token in the last two, so an echo of
 * an access token received from a server is checked too. stdout, stderr, the engine events and the stack export
 * are scanned for every value (and the access tokens granted), in full, by their own part, or base64-encoded.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, test } from "node:test";
import { ClientKeyBinding, JwkSet, PingOneKeyRotationPolicy, ReachFiveAccountKey } from "pulumi-jwk";
import { newStack, storedState } from "./harness";
import { ecKey } from "./plain-keys";

/** A distinctive value: its own part is a hash of `name`, so that it holds no word a message may contain. */
const probe = (name: string) => `LEAKPROBE-${createHash("sha256").update(name).digest("hex").slice(0, 16)}-7f3a9c2e4b1d8f60`;
/** The part of a probe that is its own (the prefix and suffix are shared). */
const ownPart = (value: string) => value.slice("LEAKPROBE-".length, value.length - "-7f3a9c2e4b1d8f60".length);

/** Every credential variable the package reads (grep `Env\b|process.env` in provider/), each with its own value. */
const SECRETS: Record<string, string> = {
  OKTA_API_TOKEN: probe("okta-token"),
  JANS_CLIENT_SECRET: probe("jans-secret"),
  KEYCLOAK_ADMIN_PASSWORD: probe("kc-password"),
  LEAK_KC_CLIENT_SECRET: probe("kc-client-secret"),
  LEAK_HYDRA_TOKEN: probe("hydra-token"),
  PINGONE_CLIENT_SECRET: probe("pingone-secret"),
  REACHFIVE_MANAGEMENT_CLIENT_SECRET: probe("r5-secret"),
  REGISTRATION_ACCESS_TOKEN: probe("registration-token"),
};
/** Identifiers, not secrets (they may be named): set so that every kind gets as far as its token request. */
const IDS: Record<string, string> = {
  JANS_CLIENT_ID: "leak-jans-client",
  KEYCLOAK_ADMIN_USERNAME: "leak-kc-admin",
  PINGONE_CLIENT_ID: "leak-pingone-client",
  REACHFIVE_MANAGEMENT_CLIENT_ID: "leak-r5-client",
};
/** Access tokens the server grants, one per token request: credentials received from a server. */
const granted: string[] = [];

type Mode = "refuse" | "5xx" | "malformed";
let mode: Mode = "refuse";
let server: Server;
let origin: string;

async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** What a careless server or proxy echoes: the credentials it was sent, decoded. */
function echo(req: IncomingMessage, body: string): string {
  const auth = req.headers.authorization ?? "";
  const basic = /^Basic (.+)$/i.exec(auth);
  const decoded = basic ? Buffer.from(basic[1]!, "base64").toString("utf8") : "";
  let form = "";
  try {
    form = [...new URLSearchParams(body).values()].join(" ");
  } catch {
    /* not a form */
  }
  return `auth=${auth} decoded=${decodeURIComponent(decoded)} form=${form} body=${body.slice(0, 400)}`;
}

before(async () => {
  for (const [k, v] of Object.entries({ ...SECRETS, ...IDS })) process.env[k] = v; // the CLI, engine and provider inherit them
  server = createServer((req, res) => {
    void bodyOf(req).then((body) => {
      const said = echo(req, body);
      const json = (status: number, value: unknown) => {
        res.writeHead(status, { "content-type": "application/json", "retry-after": "0" });
        res.end(JSON.stringify(value));
      };
      const errorBody = {
        error: "invalid_token",
        error_description: `refused: ${said}`,
        message: `refused: ${said}`,
        errorSummary: `refused: ${said}`,
        errorMessage: `refused: ${said}`,
        errorCode: "E0000011",
        detail: said,
      };
      if (mode === "refuse") return json(401, errorBody);
      if (/token$/.test(req.url ?? "")) {
        const token = probe(`access-${granted.length}`);
        granted.push(token);
        return json(200, { access_token: token, token_type: "Bearer", expires_in: 3600 });
      }
      if (mode === "5xx") return json(500, { ...errorBody, error: "server_error" });
      res.writeHead(200, { "content-type": "application/json" });
      res.end(`{"keys": [], "jwks": {"keys": []}, "echo": ${JSON.stringify(said)}, "broken": [`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

type Hooks = { onOutput(s: string): void; onError(s: string): void; onEvent(e: unknown): void };

/** Everything the CLI printed during one operation (debug events left out, see leaks.test.ts). */
async function capture(run: (hooks: Hooks) => Promise<unknown>): Promise<{ text: string; failed: Set<string> }> {
  const parts: string[] = [];
  const failed = new Set<string>(); // names of the resources with an error diagnostic
  try {
    await run({
      onOutput: (s) => parts.push(s),
      onError: (s) => parts.push(s),
      onEvent: (e) => {
        const diagnostic = (e as { diagnosticEvent?: { severity?: string; urn?: string } }).diagnosticEvent;
        if (diagnostic?.severity === "error" && diagnostic.urn) failed.add(diagnostic.urn.split("::").pop()!);
        if (diagnostic?.severity !== "debug") parts.push(JSON.stringify(e));
      },
    });
  } catch (e) {
    parts.push(String(e), (e as Error).stack ?? "");
  }
  return { text: parts.join("\n"), failed };
}

/** Each value, and any 12-character run of it, in `text` (JSON- and URL-escaped forms included). */
function leaks(text: string, values: Record<string, string>): string[] {
  const haystack = [text, text.replace(/\\"/g, '"').replace(/\\\\/g, "\\"), decodeURIComponentSafe(text)].join("\n");
  const found: string[] = [];
  for (const [name, value] of Object.entries(values)) {
    // The shared "LEAKPROBE-" prefix and suffix are not the secret: only runs that include the value's own part count.
    const own = ownPart(value);
    // Base64 (an echoed Basic header): at each of the three alignments the value may start at within the encoding.
    const encoded = [0, 1, 2].map((pad) =>
      Buffer.from("\0".repeat(pad) + value)
        .toString("base64")
        .slice(4, 24),
    );
    const hit = haystack.includes(value) || haystack.includes(own) || encoded.some((b) => haystack.includes(b));
    if (hit) {
      const at = haystack.indexOf(own);
      found.push(`${name} near ${JSON.stringify(haystack.slice(Math.max(0, at - 160), at + 40))}`);
    }
  }
  return found;
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text.replace(/%[0-9A-F]{2}/gi, (m) => String.fromCharCode(parseInt(m.slice(1), 16)));
  }
}

/** One resource of every kind, all on the local server: each runs in its own up (a failure ends the program). */
function kinds(): Record<string, () => void> {
  const keys = [ecKey("leak-k1")];
  const jans = { url: `${origin}/jans-config-api`, tokenUrl: `${origin}/jans-auth/restv1/token` };
  const pingone = { environmentId: "3f2c0d6e-1b7a-4c59-9e21-5a8d7c6b4e10", apiUrl: `${origin}/v1`, authUrl: origin };
  return {
    "okta-set": () => new JwkSet("okta-set", { target: { kind: "okta", orgUrl: origin, appId: "0oa1" }, keys }),
    "jans-set": () => new JwkSet("jans-set", { target: { kind: "janssen", ...jans }, keys }),
    "okta-binding": () => new ClientKeyBinding("okta-binding", { client: { kind: "okta", orgUrl: origin, appId: "0oa2" }, keys }),
    "jans-binding": () => new ClientKeyBinding("jans-binding", { client: { kind: "janssen", ...jans, inum: "inum-1" }, keys }),
    "kc-admin-user": () =>
      new ClientKeyBinding("kc-admin-user", { client: { kind: "keycloak", url: origin, realm: "demo", clientId: "app1" }, keys }),
    "kc-admin-client": () =>
      new ClientKeyBinding("kc-admin-client", {
        client: {
          kind: "keycloak",
          url: origin,
          realm: "demo",
          clientId: "app2",
          adminClientId: "ops",
          adminClientSecretEnv: "LEAK_KC_CLIENT_SECRET",
        },
        keys,
      }),
    hydra: () =>
      new ClientKeyBinding("hydra", { client: { kind: "hydra", adminUrl: origin, clientId: "c1", tokenEnv: "LEAK_HYDRA_TOKEN" }, keys }),
    rfc7592: () => new ClientKeyBinding("rfc7592", { client: { kind: "rfc7592", registrationClientUri: `${origin}/reg/app` }, keys }),
    "pingone-binding": () =>
      new ClientKeyBinding("pingone-binding", {
        client: { kind: "pingone", ...pingone, applicationId: "8e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b" },
        pingone: { keyRotationPolicyId: "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d" },
      }),
    "pingone-policy": () => new PingOneKeyRotationPolicy("pingone-policy", { ...pingone, name: "leak", dn: "CN=leak" }),
    "r5-account": () => new ReachFiveAccountKey("r5-account", { url: origin }),
    "r5-binding": () =>
      new ClientKeyBinding("r5-binding", {
        client: { kind: "reachfive", url: origin, clientId: "r5-client" },
        reachfive: { keyPair: "global" },
      }),
  };
}

test("no credential read from the environment or received from a server shows in any output, for every kind and failure", async () => {
  const { stack, dir, dispose } = await newStack("credential-leaks", async () => {});
  try {
    const problems: string[] = [];
    for (const m of ["refuse", "5xx", "malformed"] as const) {
      mode = m;
      for (const [kind, declare] of Object.entries(kinds())) {
        const { text, failed } = await capture((hooks) => stack.up({ ...hooks, program: async () => void declare() }));
        if (process.env.LEAK_TEST_DUMP) writeFileSync(`${process.env.LEAK_TEST_DUMP}.${m}.${kind}.txt`, text);
        if (!failed.has(kind)) problems.push(`${m}: ${kind} did not fail`);
        const accessTokens = Object.fromEntries(granted.map((t, i) => [`access token ${i}`, t]));
        for (const leak of leaks(text, { ...SECRETS, ...accessTokens })) problems.push(`${m}: ${kind}: output: ${leak}`);
        for (const leak of leaks(JSON.stringify(storedState(dir)), { ...SECRETS, ...accessTokens }))
          problems.push(`${m}: ${kind}: stack export: ${leak}`);
      }
    }
    assert.ok(granted.length > 0, "no token endpoint was reached: the access-token case did not run");
    assert.deepEqual(problems, []);
  } finally {
    mode = "refuse";
    await dispose();
  }
});
