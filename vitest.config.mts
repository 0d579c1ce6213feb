import { defineConfig } from "vitest/config";

// Unit tests only: engine tests run under node --test over compiled JS (see scripts/test.sh).
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    exclude: ["test/engine/**", "node_modules/**", "dist/**", ".work/**"],
  },
});
