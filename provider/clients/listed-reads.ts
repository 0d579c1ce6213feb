/**
 * Batched reads: during one refresh (or `preview --refresh`), the engine reads every binding at about the same
 * moment, all in one provider process. Where the server lists its clients in pages, one list per server answers
 * them all: N reads cost ceil(N / page size) requests instead of N.
 *
 * Only refresh reads go through here (`ClientBinder.readListed`); a read inside a write cycle (bind, release,
 * read back) always asks the server itself. A listing is kept for a short time only (LISTING_TTL_MS) and is
 * dropped by any write to that server through this process: the write bumps the server's generation before it
 * starts and after it ends, and a listing is used only when no generation went by since it began, so a read
 * after our own write is never answered from a list taken before it. A client the listing does not hold (created
 * after it began, or gone) and a server whose list fails are read singly, so the drift results are those of
 * single reads. Another process's write is as visible as it would be to a single read made at the listing's time.
 */
import { isHttpError } from "../errors";

/** How long a listing answers reads (ms): the span of one refresh's burst of reads, not of a deployment. */
export const LISTING_TTL_MS = 10_000;

interface Listing<T> {
  generation: number;
  startedAt: number;
  documents: Promise<Map<string, T>>;
}

interface ServerState {
  generation: number;
  /** Per caller (credentials), the current listing. */
  listings: Map<string, Listing<unknown>>;
  /** Callers whose list the server refused (no permission, no such endpoint): read singly from then on. */
  refused: Set<string>;
}

// Per scope (the HTTP dispatcher: a test's MockAgent is its own world), per server.
const byScope = new WeakMap<object, Map<string, ServerState>>();
const GLOBAL = {};

function stateOf(scope: object | undefined, server: string): ServerState {
  let servers = byScope.get(scope ?? GLOBAL);
  if (!servers) byScope.set(scope ?? GLOBAL, (servers = new Map<string, ServerState>()));
  let state = servers.get(server);
  if (!state) servers.set(server, (state = { generation: 0, listings: new Map(), refused: new Set() }));
  return state;
}

/** A refusal that every later list would get too (as opposed to a passing failure: a timeout, a 5xx, a 429). */
function refusesListing(e: unknown): boolean {
  return isHttpError(e) && e.status !== undefined && [400, 403, 404, 405, 501].includes(e.status);
}

export interface ServerListingOptions {
  /** The server as every writer of its clients names it (e.g. the admin URL and realm, normalised). */
  server: string;
  /** Who lists (the credential's identity, never its value): a list shows what its caller may see. */
  caller: string;
  /** The HTTP dispatcher the adapter uses, if not the global one. */
  scope?: object | undefined;
}

/** The batched reads of one server, as one adapter (one operation) sees them. */
export interface ServerListing<T> {
  /**
   * The client `id` as the server's current listing (started if none) holds it; `undefined` when the listing
   * cannot answer (it does not hold the client, a write went by, the list failed): then read the client singly.
   */
  lookup(id: string): Promise<T | undefined>;
  /** Runs a write to the server: listings taken before or during it answer nothing afterwards. */
  writing<R>(write: () => Promise<R>): Promise<R>;
}

/**
 * @param list fetches every client of the server, page by page, keyed by the id `read` is given
 *
 * @example
 * const listing = serverListing({ server: adminUrl, caller: "" }, () => listAllClients(http));
 * const doc = (await listing.lookup(clientId)) ?? (await getOneClient(http, clientId));
 */
export function serverListing<T>(options: ServerListingOptions, list: () => Promise<Map<string, T>>): ServerListing<T> {
  const state = stateOf(options.scope, options.server);
  const current = (): Listing<T> => {
    const found = state.listings.get(options.caller) as Listing<T> | undefined;
    if (found && found.generation === state.generation && Date.now() - found.startedAt < LISTING_TTL_MS) return found;
    const listing: Listing<T> = { generation: state.generation, startedAt: Date.now(), documents: list() };
    // A failed listing answers nothing: the next read starts another, unless the server refuses lists outright.
    listing.documents.catch((e: unknown) => {
      if (state.listings.get(options.caller) === listing) state.listings.delete(options.caller);
      if (refusesListing(e)) state.refused.add(options.caller);
    });
    state.listings.set(options.caller, listing);
    return listing;
  };
  return {
    async lookup(id) {
      if (state.refused.has(options.caller)) return undefined;
      const listing = current();
      let documents: Map<string, T>;
      try {
        documents = await listing.documents;
      } catch {
        return undefined;
      }
      // A write went by since the listing began: it may not show that write.
      return listing.generation === state.generation ? documents.get(id) : undefined;
    },
    async writing(write) {
      state.generation++;
      try {
        return await write();
      } finally {
        state.generation++;
      }
    },
  };
}
