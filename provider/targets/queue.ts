/**
 * The in-process queue of writers. The engine runs a program's resources in parallel, all in one provider
 * process; every read-merge-write cycle (a JwkSet's publish and withdraw, a ClientKeyBinding's bind and release)
 * runs in the queue of what it writes, so two cycles on one client document or one key set never interleave and
 * neither overwrites what the other wrote. Writers are keyed by a normalised identity ({@link writerKey}), not
 * by their configuration as typed: `https://ACME.okta.com:443/` and `https://acme.okta.com` are one server, and a
 * JwkSet on Okta app X and a binding on Okta app X are one writer.
 *
 * Other processes (two stacks) are not in this queue: see docs/guarantees.md, "Concurrent writers".
 */

/**
 * The identity of what a writer writes: the server's URL normalised (scheme and host in lower case, the default
 * port dropped, trailing slashes dropped, the path kept as it is) and the resource within that server (an Okta
 * app id, a realm and client id...). Holds no credential (URLs with user info are refused before a target opens).
 *
 * @example
 * writerKey("https://ACME.okta.com:443/", "apps", "0oa1") === writerKey("https://acme.okta.com", "apps", "0oa1")
 * // "https://acme.okta.com#apps/0oa1"
 */
export function writerKey(url: string, ...resource: readonly string[]): string {
  let base: string;
  try {
    const u = new URL(url);
    // URL lower-cases the scheme and host and drops the scheme's default port.
    base = `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, "")}`;
  } catch {
    base = url.replace(/\/+$/, ""); // not a URL (a file path): kept as given
  }
  return resource.length === 0 ? base : `${base}#${resource.map(encodeURIComponent).join("/")}`;
}

// Tail of the queue of cycles per writer key, in this process. Keys hold no credential.
const queues = new Map<string, Promise<unknown>>();

/**
 * Runs `fn` after every earlier cycle queued under `key` in this process has finished (whether it succeeded
 * or failed). Never nest two cycles under one key: the inner one would wait for the outer one forever.
 *
 * @example
 * await serialised(writerKey(adminUrl, "clients", clientId), async () => write(merge(await read())))
 */
export async function serialised<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const before = queues.get(key) ?? Promise.resolve();
  const run = before.then(fn, fn);
  const tail = run.catch(() => undefined);
  queues.set(key, tail);
  try {
    return await run;
  } finally {
    if (queues.get(key) === tail) queues.delete(key);
  }
}
