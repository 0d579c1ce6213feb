/**
 * Set-up the moto-backed AWS tests share: dummy credentials for the SDK's default chain (moto checks none, but
 * the chain must find some; stubbed for the calling file only) and a wait for moto if it is still starting.
 */
import { vi } from "vitest";

export async function prepareMoto(url: string): Promise<void> {
  vi.stubEnv("AWS_ACCESS_KEY_ID", "testing");
  vi.stubEnv("AWS_SECRET_ACCESS_KEY", "testing");
  vi.stubEnv("AWS_SESSION_TOKEN", "");
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${url}/moto-api/`)).ok) return;
    } catch {
      if (i > 60) throw new Error(`moto at ${url} did not answer within 30 s`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}
