/**
 * The notice for a kid found already published on a per-key target that keeps no owners record
 * (resources/jwkset/unrecorded-share.ts): said for such kids only, never where a record speaks for others.
 */
import { expect, test } from "vitest";
import type { KeySetTarget } from "../../../provider/targets/types";
import {
  adoptedAfter,
  refuseUnrecordedWithdrawal,
  unrecordedShareNotice,
  unrecordedShares,
} from "../../../provider/resources/jwkset/unrecorded-share";

const perKey: KeySetTarget = { name: "api x", list: async () => [], ...{ add: async () => undefined, remove: async () => undefined } };
const live = [{ kid: "theirs" }, { kid: "mine" }, { kty: "EC" }];

test("kids live before this resource claimed them, on a per-key target without record", () => {
  expect(unrecordedShares(perKey, live, ["mine"], ["theirs", "mine", "new"])).toEqual(["theirs"]);
  expect(unrecordedShareNotice("api x", "theirs")).toMatch(/^api x: key theirs was already published there, not by this resource/);
});

test("nothing where an owners record speaks for the others, on a document, or on a read-only target", () => {
  const owners = { location: "x", read: async () => new Map(), write: async () => undefined };
  expect(unrecordedShares({ ...perKey, owners } as KeySetTarget, live, [], ["theirs"])).toEqual([]);
  const document = { name: "doc", document: true, list: async () => [], replaceAll: async () => undefined } as KeySetTarget;
  expect(unrecordedShares(document, live, [], ["theirs"])).toEqual([]);
  expect(unrecordedShares({ name: "ro", list: async () => [] }, live, [], ["theirs"])).toEqual([]);
});

test("adopted after a publish: found and declared by no other resource of the deployment, or adopted before and still live", () => {
  expect(adoptedAfter(perKey, live, ["mine"], ["theirs", "mine", "new"])).toEqual(["theirs"]);
  expect(adoptedAfter(perKey, live, ["mine"], ["theirs", "mine"], { declaredByOthers: new Set(["theirs"]) })).toEqual([]);
  expect(adoptedAfter(perKey, live, ["theirs", "mine"], ["theirs", "mine"], { adopted: ["theirs"] })).toEqual(["theirs"]);
  expect(adoptedAfter(perKey, [{ kid: "mine" }], ["theirs", "mine"], ["theirs", "mine"], { adopted: ["theirs"] })).toEqual([]);
  const owners = { location: "x", read: async () => new Map(), write: async () => undefined };
  expect(adoptedAfter({ ...perKey, owners } as KeySetTarget, live, [], ["theirs"])).toEqual([]);
});

test("a withdrawal of adopted kids still live is refused, naming them; others pass", () => {
  expect(() => refuseUnrecordedWithdrawal(perKey, live, ["theirs"], ["theirs", "mine"], "destroy")).toThrow(
    expect.objectContaining({ code: "ERR_JWKS_UNRECORDED_SHARE", kids: ["theirs"], target: "api x" }),
  );
  expect(() => refuseUnrecordedWithdrawal(perKey, live, ["gone"], ["gone", "mine"], "destroy")).not.toThrow();
  expect(() => refuseUnrecordedWithdrawal(perKey, live, ["theirs"], ["mine"], "update")).not.toThrow();
});
