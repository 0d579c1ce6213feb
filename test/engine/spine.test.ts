/**
 * The spine: a small dynamic resource goes through up, an idempotent preview, refresh and destroy under the
 * real engine, and the change summaries say so.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { test } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { ENGINE_VERSION, newStack } from "./harness";

// A provider written inline (serialised by value); it computes an output from its input.
const echoProvider: pulumi.dynamic.ResourceProvider = {
  async create(inputs) {
    return { id: `echo-${inputs.text}`, outs: { text: inputs.text, length: String(inputs.text).length } };
  },
};

class Echo extends pulumi.dynamic.Resource {
  declare readonly length: pulumi.Output<number>;
  constructor(name: string, text: string) {
    super(echoProvider, name, { text, length: undefined });
  }
}

test("the real pulumi engine runs a dynamic resource: up, preview, refresh, destroy", async () => {
  console.log(`engine: pulumi ${ENGINE_VERSION} at ${execFileSync("sh", ["-c", "command -v pulumi"], { encoding: "utf8" }).trim()}`);
  assert.match(ENGINE_VERSION, /^v3\.\d+\.\d+$/);

  const { stack, dispose } = await newStack("spine", async () => {
    const e = new Echo("echo", "hello");
    return { length: e.length };
  });
  try {
    const up = await stack.up();
    assert.equal(up.summary.result, "succeeded");
    assert.deepEqual(up.summary.resourceChanges, { create: 2 }); // the stack and the resource
    assert.equal(up.outputs.length?.value, 5);

    const preview = await stack.preview({ expectNoChanges: true });
    assert.deepEqual(preview.changeSummary, { same: 2 });

    const refresh = await stack.refresh();
    assert.equal(refresh.summary.result, "succeeded");
    assert.equal(refresh.summary.resourceChanges?.same, 2);

    const destroy = await stack.destroy();
    assert.deepEqual(destroy.summary.resourceChanges, { delete: 2 });
  } finally {
    await dispose();
  }
});
