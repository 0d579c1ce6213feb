// Mechanical extraction of the PingOne operations the emulator serves, from the PingOne Go SDK's management API
// document (patrickcping/pingone-go-sdk-v2 management/api/openapi.yaml @4a884deb, BSD-3-Clause; a copy is in
// ../shared/specs/pingone/management-openapi.yaml), with every component they reference (transitively):
//   node test/emulators/specs/extract-pingone.cjs <management-openapi.yaml> <out.json>
// Create/read/update/delete key rotation policy and read/update application are copied as they are. The list of
// policies is left out: its EntityArray response references ~500 schemas (3x the validator compile time) and
// nothing here lists policies. The SDK document has no `GET .../keyRotationPolicies/{id}/jwks`: it is added from
// PingOne's API reference ("Get JWKS for Key Rotation Policy"), with the GET policy's parameters and error
// responses, and marked `x-source: pingone-api-docs`; so is its `KeyRotationPolicyJwks` schema.
const yaml = require("js-yaml");
const fs = require("fs");
const d = yaml.load(fs.readFileSync(process.argv[2], "utf8"), { schema: yaml.JSON_SCHEMA }); // dates stay text
const KRP = "/environments/{environmentID}/keyRotationPolicies";
const ONE = `${KRP}/{keyRotationPolicyID}`;
const APP = "/environments/{environmentID}/applications/{applicationID}";
const pick = (path, methods) => Object.fromEntries(methods.map((m) => [m, d.paths[path][m]]));
const get = d.paths[ONE].get;
const docs = "pingone-api-docs: developer.pingidentity.com/pingone-api/platform/certificate-management/key-rotation-policies/get-jwks-for-key-rotation-policy";
const paths = {
  [KRP]: pick(KRP, ["post"]),
  [ONE]: pick(ONE, ["get", "put", "delete"]),
  [APP]: pick(APP, ["get", "put"]),
  [`${ONE}/jwks`]: {
    get: {
      operationId: "getKeyRotationPolicyJwks",
      "x-source": docs,
      summary: "GET JWKS for Key Rotation Policy",
      tags: ["Key Rotation Policies"],
      parameters: get.parameters,
      responses: {
        ...Object.fromEntries(Object.entries(get.responses).filter(([s]) => s !== "200")),
        200: {
          description: "The public keys of every KrpKey of the KRP (RFC 7517 JWK Set)",
          content: { "application/json": { schema: { $ref: "#/components/schemas/KeyRotationPolicyJwks" } } },
        },
      },
    },
  },
};
const components = { schemas: {}, securitySchemes: d.components.securitySchemes };
const seen = new Set();
const walk = (node) => {
  if (Array.isArray(node)) return node.forEach(walk);
  if (!node || typeof node !== "object") return;
  if (typeof node.$ref === "string" && !seen.has(node.$ref) && d.components.schemas[node.$ref.split("/")[3]]) {
    seen.add(node.$ref);
    const name = node.$ref.split("/")[3];
    components.schemas[name] = d.components.schemas[name];
    walk(components.schemas[name]);
  }
  Object.values(node).forEach(walk);
};
walk(paths);
components.schemas.KeyRotationPolicyJwks = {
  "x-source": "pingone-api-docs (see getKeyRotationPolicyJwks)",
  type: "object",
  required: ["keys"],
  properties: {
    keys: {
      type: "array",
      items: {
        type: "object",
        required: ["kty", "kid", "e", "n"],
        properties: {
          kty: { type: "string", enum: ["RSA"] },
          kid: { type: "string", description: "time-based UUID (version 1)" },
          e: { type: "string" },
          n: { type: "string" },
          use: { type: "string", enum: ["sig"] },
          alg: { type: "string" },
          x5c: { type: "array", items: { type: "string" } },
          x5t: { type: "string" },
          "x5t#S256": { type: "string" },
        },
      },
    },
  },
};
components.schemas = Object.fromEntries(Object.entries(components.schemas).sort(([a], [b]) => (a < b ? -1 : 1)));
const doc = {
  openapi: d.openapi,
  info: { ...d.info, description: "Subset of the PingOne Go SDK management API document; see PROVENANCE.md" },
  servers: d.servers,
  paths,
  components,
  security: d.security ?? [{ bearer: [] }],
};
fs.writeFileSync(process.argv[3], `${JSON.stringify(doc, null, 1)}\n`);
