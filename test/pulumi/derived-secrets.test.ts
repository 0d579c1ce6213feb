/**
 * The provider side of derived-secrets.ts: the markers a resource registers when an input is secret never reach
 * the provider's own methods, `check` hands them back (so the engine marks the outputs of the same names), and
 * `create` picks an opaque id only when they are there. (The program side is driven under the real engine by
 * test/engine/secrets-in-state-dynamic.test.ts.)
 */
import { expect, test } from "vitest";
import { withDerivedSecrets } from "../../provider/pulumi/derived-secrets";

const MARKER = "[derived from a secret input]";
const seen: unknown[][] = [];
const methods = withDerivedSecrets({
  check: async (olds: unknown, news: Record<string, unknown>) => (seen.push([olds, news]), { inputs: { ...news, checked: true } }),
  create: async (inputs: Record<string, unknown>) => (seen.push([inputs]), { id: `file:${String(inputs.path)}`, outs: inputs }),
  diff: async (...args: unknown[]) => (seen.push(args), { changes: false }),
});

test("markers are kept from the methods, handed back by check, and make create's id opaque", async () => {
  const news = { path: "p.json", kids: MARKER, __secretInputs: true };
  seen.length = 0;
  expect(await methods.check!({ kids: MARKER }, news)).toEqual({
    inputs: { path: "p.json", checked: true, kids: MARKER, __secretInputs: true },
  });
  expect(seen[0]).toEqual([{}, { path: "p.json" }]);
  const created = (await methods.create!(news)) as { id: string; outs: unknown };
  expect(created.id).toMatch(/^secret-input-[0-9a-f-]{36}$/);
  expect(created.outs).toEqual({ path: "p.json" });
  await methods.diff!("id", { kids: ["a"] }, news);
  expect(seen.at(-1)).toEqual(["id", { kids: ["a"] }, { path: "p.json" }]);
});

test("without markers nothing changes: same inputs, same id", async () => {
  expect(await methods.check!({}, { path: "p.json" })).toEqual({ inputs: { path: "p.json", checked: true } });
  expect(((await methods.create!({ path: "p.json" })) as { id: string }).id).toBe("file:p.json");
});
