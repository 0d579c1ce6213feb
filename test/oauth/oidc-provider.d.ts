/** The part of oidc-provider's API the test server uses (the package ships no types). */
declare module "oidc-provider" {
  import type { IncomingMessage, ServerResponse } from "node:http";
  export default class Provider {
    constructor(issuer: string, configuration: Record<string, unknown>);
    callback(): (req: IncomingMessage, res: ServerResponse) => Promise<void>;
    Client: { find(id: string): Promise<{ metadata(): Record<string, unknown> } | undefined> };
    on(event: string, listener: (...args: any[]) => void): this;
  }
}
