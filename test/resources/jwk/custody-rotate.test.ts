/**
 * `rotationTrigger` on a `Jwk` in custody, against a real OpenBao dev server (JWK_OPENBAO_ADDR, JWK_OPENBAO_TOKEN,
 * started by scripts/lib/servers.sh; the test fails, not skips, without it): a changed trigger is an update that
 * gives the key a new version (transit rotate, a vault-kv secret's next version), the kid changes, a retried
 * rotation makes no second version, the older version stays in the backend.
 */
import { randomUUID } from "node:crypto";
import { describe, expect, test } from "vitest";
import { createJwk, diffJwk, updateJwk } from "../../../provider/resources/jwk/logic";

const ADDR = process.env.JWK_OPENBAO_ADDR;
const TOKEN = process.env.JWK_OPENBAO_TOKEN;

if (!ADDR || !TOKEN)
  test("Jwk rotation in custody against OpenBao", () => {
    throw new Error(
      "JWK_OPENBAO_ADDR / JWK_OPENBAO_TOKEN are unset: run with JWK_SERVERS=openbao bash scripts/with-servers.sh npx vitest run " +
        __filename,
    );
  });
else
  describe(`Jwk rotationTrigger in custody against OpenBao at ${ADDR}`, () => {
    const bao = async (method: string, path: string, body?: unknown) => {
      const r = await fetch(`${ADDR}/v1/${path}`, {
        method,
        headers: { "X-Vault-Token": TOKEN, "Content-Type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return (r.status === 204 ? undefined : await r.json()) as any;
    };
    const reach = `address=${ADDR}&token-source=env:JWK_OPENBAO_TOKEN`;

    for (const [scheme, keyUri, versions] of [
      [
        "vault-transit",
        `vault-transit:name=rot-${randomUUID()}?${reach}`,
        async (uri: string) => Object.keys((await bao("GET", `transit/keys/${/name=([^?;]+)/.exec(uri)![1]}`)).data.keys).length,
      ],
      [
        "vault-kv",
        `vault-kv:path=jwk/rot-${randomUUID()}?${reach}`,
        async (uri: string) => Object.keys((await bao("GET", `secret/metadata/${/path=([^?;]+)/.exec(uri)![1]}`)).data.versions).length,
      ],
    ] as const)
      test(`${scheme}: a changed trigger is an update making version 2 (new kid); a retry makes no version 3; version 1 stays`, async () => {
        const first = await createJwk({ alg: "ES256", keyUri, rotationTrigger: "2026-q1" });
        expect(first.keyReference?.version).toBe("1");
        expect(first.rotationTrigger).toBe("2026-q1");
        const news = { alg: "ES256", keyUri, rotationTrigger: "2026-q2" };
        expect(await diffJwk(first, news)).toEqual({ changes: true, replaces: [] });
        const rotated = await updateJwk(first, news);
        expect(rotated.keyReference?.version).toBe("2");
        expect(rotated.kid).not.toBe(first.kid);
        expect(rotated.rotationTrigger).toBe("2026-q2");
        expect("privateJwk" in rotated).toBe(false);
        // The engine retries an update whose answer was lost with the old state: the key is past version 1 already.
        const retried = await updateJwk(first, news);
        expect(retried.kid).toBe(rotated.kid);
        expect(await versions(keyUri)).toBe(2);
        expect(await diffJwk(rotated, news)).toEqual({ changes: false, replaces: [] });
      });
  });
