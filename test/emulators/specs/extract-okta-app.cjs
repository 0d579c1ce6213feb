// Mechanical extraction: GET /api/v1/apps (listApplications) and GET and PUT /api/v1/apps/{appId} of okta/okta-management-openapi-spec
// dist/current/management-minimal.yaml @fdda229e (2026.06.3) with every component they reference (transitively)
// and the document's security schemes, as JSON:
//   node test/emulators/specs/extract-okta-app.cjs <management-minimal.yaml> <out.json>
const yaml = require("js-yaml");
const { referencedComponents } = require("./referenced-components.cjs");
const fs = require("fs");
const d = yaml.load(fs.readFileSync(process.argv[2], "utf8"));
const item = d.paths["/api/v1/apps/{appId}"];
const paths = {
  "/api/v1/apps": { get: d.paths["/api/v1/apps"].get },
  "/api/v1/apps/{appId}": { parameters: item.parameters, get: item.get, put: item.put },
};
const components = { securitySchemes: d.components.securitySchemes };
const { count } = referencedComponents(d, paths, components);
const doc = {
  openapi: d.openapi,
  info: d.info,
  servers: d.servers,
  paths,
  components,
  "x-note": "GET /api/v1/apps, GET and PUT /api/v1/apps/{appId} of management-minimal.yaml @fdda229e with referenced components; see PROVENANCE.md",
};
fs.writeFileSync(process.argv[3], JSON.stringify(doc, null, 1) + "\n");
console.log(`${count} components`);
