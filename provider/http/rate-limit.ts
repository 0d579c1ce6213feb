/**
 * Pacing calls below a server's rate limit instead of answering its 429s: one limiter per server (normalised
 * origin) shared by every resource of the provider process, so N resources together stay within what the server
 * allows. It is fed by what responses say, through a vendor's parser (X-Rate-Limit-* style window headers, read in
 * that vendor's folder) and Retry-After on a 429 or 503, and it can be capped by a ceiling of requests per minute
 * (`PULUMI_JWK_MAX_REQUESTS_PER_MINUTE`, for servers that announce nothing or a limit shared with other tools).
 *
 * Each call reserves its start time before waiting, so concurrent calls queue in order and those in flight count
 * against the window before the server has answered them. The state lives only in the provider process (the
 * stored provider is a stub that `require`s this package), per dispatcher as the shared tokens are.
 *
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-10.2.3 (Retry-After)
 */
import { JwkInputError } from "../errors";
import { sleep } from "./retry";

/** What one response says about the server's current window: calls left in it and when it resets. */
export interface RateLimitWindow {
  /** Calls the window allows in all (when the server says). */
  limit?: number | undefined;
  remaining: number;
  /** When the window resets, in epoch ms. */
  resetAtMs: number;
}

/** The environment variable that caps requests per minute to any one server. */
export const CEILING_ENV = "PULUMI_JWK_MAX_REQUESTS_PER_MINUTE";

/** The ceiling from the environment, in requests per minute; undefined when unset; a clear error when malformed. */
export function ceilingFromEnv(value = process.env[CEILING_ENV]): number | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0)
    throw new JwkInputError([{ property: CEILING_ENV, reason: `must be a positive number of requests per minute, not "${value}"` }]);
  return n;
}

// A response that says nothing yet about the window that follows an exhausted one: ask again after this.
const UNKNOWN_RESET_POLL_MS = 250;
// Past a window's announced reset before the next call: timers may fire a millisecond early, and the reset is
// announced in whole seconds of the server's clock.
const RESET_MARGIN_MS = 100;

/** The pacing state of one server. */
export class RateLimiter {
  private window: RateLimitWindow | undefined;
  /** Calls started and not answered yet: the server counts them before it tells us. */
  private inFlight = 0;
  private pausedUntil = 0;
  private notBefore = 0;
  private readonly spacingMs: number;

  constructor(ceilingPerMinute?: number) {
    this.spacingMs = ceilingPerMinute ? 60_000 / ceilingPerMinute : 0;
  }

  /** Waits until a call may start; returns how long it waited, in ms. */
  async acquire(): Promise<number> {
    const started = Date.now();
    for (;;) {
      const slot = this.reserve(Date.now());
      const wait = (slot.startAt ?? slot.askAgainAt) - Date.now();
      if (wait > 0) await sleep(wait);
      if (slot.startAt !== undefined) {
        this.inFlight++;
        return Date.now() - started;
      }
    }
  }

  /**
   * The end of a call {@link acquire} let through: what its response said (the vendor's window, if it announces
   * one, and how long a 429/503 asks to wait), or nothing when no response came.
   */
  observe(window: RateLimitWindow | undefined, retryAfterMs: number | undefined, now = Date.now()): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    if (retryAfterMs !== undefined) this.pausedUntil = Math.max(this.pausedUntil, now + retryAfterMs);
    if (window === undefined || window.resetAtMs <= now) return; // none, or a late answer from a window now over
    const current = this.window;
    if (current === undefined || window.resetAtMs > current.resetAtMs || !Number.isFinite(current.resetAtMs)) {
      // A new window. The calls still in flight will count in it too (regression: 20 sets started at once drew
      // 19 429s, the first answer's figure not counting the other 19 lists); when its reset was unknown here
      // (Infinity: the last window just ended), the calls started since count too: the lower figure is the true one.
      const announced = window.remaining - this.inFlight;
      const remaining = current && !Number.isFinite(current.resetAtMs) ? Math.min(current.remaining, announced) : announced;
      this.window = { limit: window.limit ?? current?.limit, remaining, resetAtMs: window.resetAtMs };
    } else if (window.resetAtMs === current.resetAtMs) {
      // Answers arrive out of order and other clients use the same window: the lowest figure is the true one.
      current.remaining = Math.min(current.remaining, window.remaining);
      current.limit ??= window.limit;
    }
  }

  /**
   * Reserves the start time of the next call, or says when to ask again: a call never reserves a place in a
   * window that has not begun, since what that window allows is known only once the server answers in it.
   */
  private reserve(now: number): { startAt: number; askAgainAt?: undefined } | { startAt?: undefined; askAgainAt: number } {
    const at = Math.max(now, this.pausedUntil, this.notBefore);
    const w = this.window;
    if (w && at >= w.resetAtMs + RESET_MARGIN_MS) this.window = afterReset(w);
    else if (w && w.remaining <= 0)
      return { askAgainAt: Number.isFinite(w.resetAtMs) ? w.resetAtMs + RESET_MARGIN_MS : now + UNKNOWN_RESET_POLL_MS };
    if (this.window) this.window.remaining--;
    this.notBefore = at + this.spacingMs;
    return { startAt: at };
  }
}

/** The window after `w` resets: its full limit when known, its reset time unknown until a response says. */
function afterReset(w: RateLimitWindow): RateLimitWindow | undefined {
  return w.limit !== undefined ? { limit: w.limit, remaining: w.limit, resetAtMs: Infinity } : undefined;
}

// Per dispatcher (a test's MockAgent is its own world), then per origin.
const byDispatcher = new WeakMap<object, Map<string, RateLimiter>>();
const GLOBAL = {};

/** The limiter of `url`'s server, shared by the process. */
export function limiterFor(url: URL, dispatcher: object | undefined): RateLimiter {
  let limiters = byDispatcher.get(dispatcher ?? GLOBAL);
  if (!limiters) byDispatcher.set(dispatcher ?? GLOBAL, (limiters = new Map<string, RateLimiter>()));
  let limiter = limiters.get(url.origin);
  if (!limiter) limiters.set(url.origin, (limiter = new RateLimiter(ceilingFromEnv())));
  return limiter;
}
