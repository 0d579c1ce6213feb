// ESLint, type-aware (typescript-eslint's project service reads tsconfig.json), run by scripts/test.sh.
// Three things are said here once instead of in tests or reviews:
// - promises and `any`: no floating or misused promise, no unsafe use of `any`, no non-null assertion;
// - the HTTP boundary (CONVENTIONS 11): only provider/http/send.ts touches the network (fetch, undici, node:http);
// - the layers (issue 17): the core knows neither Pulumi, nor undici, nor any other layer; vendors do not import
//   each other; generic folders name no vendor (only the registries and the front doors may).
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import { createNodeResolver, importX } from "eslint-plugin-import-x";

const VENDORS = ["aws", "hydra", "janssen", "keycloak", "okta", "pingone", "reachfive", "vault"];
// Everything in provider/ but the core: the core imports none of it.
const NOT_CORE = ["pulumi", "http", "targets", "clients", "custody", "resources", "registry", "vendors", "plugin", "cli", "sign"].map(
  (d) => `./provider/${d}`,
);
// Generic folders: they name no vendor. Only provider/registry, provider/index.ts, provider/plugin and provider/cli may.
const GENERIC = ["targets", "clients", "custody", "resources", "pulumi", "http", "core", "sign"].map((d) => `./provider/${d}`);

const NETWORK_MODULES = ["undici", "node:http", "node:https", "http", "https"];
const networkImports = (allowTypeImports) =>
  NETWORK_MODULES.map((name) => ({
    name,
    allowTypeImports,
    message: "Only provider/http/send.ts talks HTTP (CONVENTIONS 11): go through HttpClient / send.",
  }));
const requireOfNetwork = {
  selector: `CallExpression[callee.name='require'][arguments.0.value=/^(${NETWORK_MODULES.join("|")})$/]`,
  message: "Only provider/http/send.ts talks HTTP (CONVENTIONS 11): go through HttpClient / send.",
};
const globalFetch = {
  name: "fetch",
  message: "Only provider/http/send.ts talks HTTP (CONVENTIONS 11): go through HttpClient / send.",
};

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", ".work/**", "examples/*/node_modules/**", "examples/**/*.mjs", "test/emulators/specs/**"] },

  // Every TypeScript file of the program: the type-aware rules.
  {
    files: ["**/*.ts"],
    extends: [js.configs.recommended, tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      // The root tsconfig.json for every file, examples included: it type-checks them against this tree (`paths`),
      // where the project service would pick each example's own tsconfig.json and see no installed package.
      parserOptions: { project: "./tsconfig.json", tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      "@typescript-eslint/no-floating-promises": [
        "error",
        // node:test's test() and describe() return promises the runner awaits itself.
        { allowForKnownSafeCalls: [{ from: "package", package: "node:test", name: ["test", "it", "describe", "suite"] }] },
      ],
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/no-unsafe-argument": "error",
      "@typescript-eslint/no-unsafe-assignment": "error",
      "@typescript-eslint/no-unsafe-call": "error",
      "@typescript-eslint/no-unsafe-member-access": "error",
      "@typescript-eslint/no-unsafe-return": "error",
      "@typescript-eslint/no-non-null-assertion": "error",
      // tsc's noUnused* already reports these, with the same `_` convention.
      "@typescript-eslint/no-unused-vars": "off",
      // Async without await is deliberate here: provider methods and strategies implement Promise-returning
      // interfaces, and `async` turns a throw into a rejection the caller's catch sees.
      "@typescript-eslint/require-await": "off",
      // A CommonJS package (tsconfig.json says why): a lazy require() is how it defers costly modules
      // (undici in http/send.ts, @peculiar/x509 in core/keys/certificate.ts) and reads package.json.
      "@typescript-eslint/no-require-imports": "off",
    },
  },

  // Tests, benchmarks and examples: the promise rules and the recommended set, without the `any` and assertion
  // rules (tests read untyped JSON and assert on shapes; a failing `!` there fails the test, which is the point).
  {
    files: ["test/**/*.ts", "bench/**/*.ts", "examples/**/*.ts"],
    rules: {
      "@typescript-eslint/no-non-null-assertion": "off",
      "@typescript-eslint/no-unnecessary-type-assertion": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-return": "off",
      "@typescript-eslint/no-explicit-any": "off",
      // expect(spy.method) and vi.spyOn pass methods around unbound on purpose.
      "@typescript-eslint/unbound-method": "off",
    },
  },

  // provider/: the HTTP boundary and the layers.
  {
    files: ["provider/**/*.ts"],
    plugins: { "import-x": importX },
    settings: {
      "import-x/extensions": [".ts", ".js"],
      "import-x/parsers": { "@typescript-eslint/parser": [".ts"] },
      "import-x/resolver-next": [createNodeResolver({ extensions: [".ts", ".js", ".json"] })],
    },
    rules: {
      "no-restricted-globals": ["error", globalFetch],
      "no-restricted-imports": ["error", { paths: networkImports(true) }],
      "no-restricted-syntax": ["error", requireOfNetwork],
      "import-x/no-cycle": "error",
      "import-x/no-restricted-paths": [
        "error",
        {
          basePath: import.meta.dirname,
          zones: [
            {
              target: "./provider/core",
              from: NOT_CORE,
              message: "The core knows neither Pulumi nor HTTP nor any vendor, resource or front door.",
            },
            {
              target: GENERIC,
              from: "./provider/vendors",
              message: "Generic code names no vendor: only provider/registry, provider/index.ts, plugin and cli may.",
            },
            ...VENDORS.map((v) => ({
              target: `./provider/vendors/${v}`,
              from: "./provider/vendors",
              except: [`./${v}`],
              message: "A vendor does not import another vendor.",
            })),
          ],
        },
      ],
    },
  },
  // The core: not even the types of Pulumi or undici.
  {
    files: ["provider/core/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [
            ...networkImports(false),
            { name: "@pulumi/pulumi", message: "The core does not know Pulumi (provider/pulumi is the glue)." },
          ],
          patterns: [{ group: ["@pulumi/*"], message: "The core does not know Pulumi (provider/pulumi is the glue)." }],
        },
      ],
    },
  },
  // The one module that talks HTTP.
  {
    files: ["provider/http/send.ts"],
    rules: { "no-restricted-globals": "off", "no-restricted-imports": "off", "no-restricted-syntax": "off" },
  },
);
