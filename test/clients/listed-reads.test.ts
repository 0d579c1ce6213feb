/**
 * Batched reads (clients/listed-reads.ts): concurrent lookups on one server share one listing; a write to the
 * server, the listing's age, a failed list and a client the listing does not hold each send the caller back to
 * a single read (`undefined`), so nothing is answered from a list older than our own write.
 */
import { afterEach, expect, test, vi } from "vitest";
import { JwksHttpError } from "../../provider/errors";
import { LISTING_TTL_MS, serverListing } from "../../provider/clients/listed-reads";

let servers = 0;
/** A listing of a server of its own (listings are per process), counting its lists. */
function fixture(docs: Record<string, string>, fail?: () => Error) {
  const server = `https://server-${++servers}.test`;
  let lists = 0;
  const list = async () => {
    lists++;
    if (fail) throw fail();
    return new Map(Object.entries(docs));
  };
  return { open: (caller = "") => serverListing({ server, caller }, list), lists: () => lists };
}

afterEach(() => {
  vi.useRealTimers();
});

test("N concurrent lookups on one server, from N adapters: one list answers them all", async () => {
  const f = fixture({ a: "A", b: "B", c: "C" });
  const found = await Promise.all(["a", "b", "c", "a"].map((id) => f.open().lookup(id)));
  expect(found).toEqual(["A", "B", "C", "A"]);
  expect(f.lists()).toBe(1);
});

test("a client the listing does not hold is left to a single read", async () => {
  const f = fixture({ a: "A" });
  expect(await f.open().lookup("new")).toBeUndefined();
  expect(f.lists()).toBe(1);
});

test("a write to the server: a listing taken before or during it answers nothing afterwards; the next lookup lists again", async () => {
  const server = `https://server-${++servers}.test`;
  let lists = 0;
  let release: (() => void) | undefined;
  // Each list answers when released: a listing can be in flight while the write runs.
  const list = () => {
    lists++;
    return new Promise<Map<string, string>>((resolve) => (release = () => resolve(new Map([["a", `A${lists}`]]))));
  };
  const open = () => serverListing({ server, caller: "" }, list);
  const first = open().lookup("a");
  release!();
  expect(await first).toBe("A1");
  let inFlight: Promise<string | undefined> | undefined;
  await open().writing(async () => {
    inFlight = open().lookup("a"); // a listing started while the write is under way...
  });
  release!(); // ...answers after it ended: it may not show the write
  expect(await inFlight).toBeUndefined();
  const after = open().lookup("a");
  release!();
  expect(await after).toBe("A3");
  expect(lists).toBe(3);
});

test("a listing answers for LISTING_TTL_MS, then the next lookup lists again", async () => {
  vi.useFakeTimers();
  const f = fixture({ a: "A" });
  await f.open().lookup("a");
  vi.advanceTimersByTime(LISTING_TTL_MS - 1);
  await f.open().lookup("a");
  expect(f.lists()).toBe(1);
  vi.advanceTimersByTime(2);
  await f.open().lookup("a");
  expect(f.lists()).toBe(2);
});

test("lists are per caller: what a list shows depends on who asks", async () => {
  const f = fixture({ a: "A" });
  await Promise.all([f.open("admin-1").lookup("a"), f.open("admin-2").lookup("a")]);
  expect(f.lists()).toBe(2);
});

test("a server that refuses lists (403) is read singly from then on; a passing failure (503) is tried again", async () => {
  const refusing = fixture({ a: "A" }, () => new JwksHttpError({ target: "t", operation: "list the clients", status: 403, detail: "" }));
  expect(await refusing.open().lookup("a")).toBeUndefined();
  expect(await refusing.open().lookup("a")).toBeUndefined();
  expect(refusing.lists()).toBe(1);
  const failing = fixture({ a: "A" }, () => new JwksHttpError({ target: "t", operation: "list the clients", status: 503, detail: "" }));
  expect(await failing.open().lookup("a")).toBeUndefined();
  expect(await failing.open().lookup("a")).toBeUndefined();
  expect(failing.lists()).toBe(2);
});
