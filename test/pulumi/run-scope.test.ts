/** Which `pulumi` command lines constrain a run to some resources (pulumi/run-scope.ts). */
import { describe, expect, test } from "vitest";
import { constrainsResources } from "../../provider/pulumi/run-scope";

describe("constrainsResources", () => {
  test.each([
    [["pulumi", "destroy", "--target", "urn:pulumi:test::p::T::a"], true],
    [["pulumi", "up", "--target=urn:pulumi:test::p::T::a", "--yes"], true],
    [["pulumi", "up", "-t", "urn:x"], true],
    [["pulumi", "up", "--exclude", "urn:x"], true],
    [["pulumi", "destroy", "--yes", "--skip-preview"], false],
    [["pulumi", "up", "--target-replace", "urn:x"], false],
  ])("%j -> %s", (argv, expected) => {
    expect(constrainsResources(argv)).toBe(expected);
  });
});
