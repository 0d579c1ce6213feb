/** examples/yaml-quickstart under the real YAML language host: see language-quickstart.ts. */
import { test } from "node:test";
import { quickstartCycle } from "./language-quickstart";

test("bash scripts/quickstart.sh yaml: up, no-change preview, --refresh reports a hand edit, a re-run repairs it, --destroy", (t) =>
  quickstartCycle(t, "yaml"));
