/**
 * Reaching a PKCS#11 token: the optional native addon `pkcs11js` (loaded lazily, so a program that holds no key
 * in an HSM never needs it, and a clear error names what to install when it is absent), one initialised module
 * per module path per process (C_Initialize may run once), the token found by label (and serial), a session
 * logged in with the PIN read from `pin-source`, closed after each operation.
 *
 * @see https://docs.oasis-open.org/pkcs11/pkcs11-base/v2.40/os/pkcs11-base-v2.40-os.html
 */
import type * as Pkcs11js from "pkcs11js";
import { JwkInputError, Pkcs11AddonMissingError, Pkcs11Error } from "../../errors";
import { readSource } from "../uri";
import type { Pkcs11Address } from "./uri";

type Addon = typeof Pkcs11js;

/**
 * Loads `pkcs11js` with `load` (a test passes one that fails as a missing module does), or throws
 * {@link Pkcs11AddonMissingError} saying what to install.
 */
export function loadAddon(load: () => unknown = () => require("pkcs11js")): Addon {
  try {
    return load() as Addon;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException | null)?.code;
    const reason =
      code === "MODULE_NOT_FOUND"
        ? "is not installed"
        : `is installed but does not load (${e instanceof Error ? e.message.split("\n")[0] : String(e)}; rebuild it: npm rebuild pkcs11js)`;
    throw new Pkcs11AddonMissingError(reason, { cause: e });
  }
}

let addon: Addon | undefined;
/** The addon, loaded once. */
export const pkcs11js = (): Addon => (addon ??= loadAddon());

/** Initialised modules by path: C_Initialize runs once per module per process. */
const modules = new Map<string, Pkcs11js.PKCS11>();

/** A PKCS#11 module error's CKR_ name (e.g. CKR_PIN_INCORRECT) and message, never a PIN. */
export const reasonOf = (e: unknown): string => (e instanceof Error ? (e.message.split("\n")[0] ?? e.name) : String(e));

function moduleAt(path: string): Pkcs11js.PKCS11 {
  let m = modules.get(path);
  if (!m) {
    const p = new (pkcs11js().PKCS11)();
    try {
      p.load(path);
      p.C_Initialize();
    } catch (e) {
      throw new Pkcs11Error(path, "load the module", reasonOf(e), { cause: e });
    }
    modules.set(path, p);
    m = p;
  }
  return m;
}

const label = (padded: string) => padded.replace(/\0/g, "").trimEnd();

function slotOf(m: Pkcs11js.PKCS11, address: Pkcs11Address): Buffer {
  const seen: string[] = [];
  for (const slot of m.C_GetSlotList(true)) {
    const info = m.C_GetTokenInfo(slot);
    const name = label(info.label);
    if (name === address.token && (address.serial === undefined || label(info.serialNumber) === address.serial)) return slot;
    seen.push(name);
  }
  throw new Pkcs11Error(
    address.token,
    "find the token",
    `no initialised token labelled "${address.token}"${address.serial ? ` with serial ${address.serial}` : ""} in ${address.modulePath} (tokens: ${seen.length > 0 ? seen.map((s) => `"${s}"`).join(", ") : "none"})`,
  );
}

/** One logged-in session: the module, its constants, and the session handle. */
export interface Pkcs11Session {
  module: Pkcs11js.PKCS11;
  ck: Addon;
  handle: Buffer;
}

/** Runs `work` in a session on the token the address names, logged in as the user; closes the session after. */
export async function withSession<T>(address: Pkcs11Address, readWrite: boolean, work: (s: Pkcs11Session) => T): Promise<T> {
  const pin = await readSource(address.pinSource, "keyUri pin-source");
  if (typeof pin !== "string") throw new JwkInputError([{ property: "keyUri", reason: pin.reason }]);
  const ck = pkcs11js();
  const m = moduleAt(address.modulePath);
  const slot = slotOf(m, address);
  let handle: Buffer;
  try {
    handle = m.C_OpenSession(slot, ck.CKF_SERIAL_SESSION | (readWrite ? ck.CKF_RW_SESSION : 0));
  } catch (e) {
    throw new Pkcs11Error(address.token, "C_OpenSession", reasonOf(e), { cause: e });
  }
  try {
    try {
      m.C_Login(handle, ck.CKU_USER, pin);
    } catch (e) {
      // Logged in already through another session of this process: the login is per application and token.
      if (!/CKR_USER_ALREADY_LOGGED_IN/.test(reasonOf(e))) throw new Pkcs11Error(address.token, "C_Login", reasonOf(e), { cause: e });
    }
    return work({ module: m, ck, handle });
  } finally {
    m.C_CloseSession(handle);
  }
}
