// Mechanical extraction: the two /api/v1/openid/clients paths of the 2021 Janssen config-api spec with every
// component they reference (transitively), prefix /jans-config-api dropped (the emulator serves under it):
//   node test/emulators/specs/extract-janssen-clients.cjs <jans-config-api-swagger.yaml @30c0c14c> <out.yaml>
const yaml = require("js-yaml");
const fs = require("fs");
const { referencedComponents } = require("./referenced-components.cjs");
const d = yaml.load(fs.readFileSync(process.argv[2], "utf8"));
const paths = {};
for (const p of ["/jans-config-api/api/v1/openid/clients", "/jans-config-api/api/v1/openid/clients/{inum}"])
  paths[p.replace("/jans-config-api", "")] = d.paths[p];
const components = {};
referencedComponents(d, paths, components);
const scopes = Object.fromEntries(
  Object.entries(d.components.securitySchemes.oauth2.flows.clientCredentials.scopes).filter(([s]) => s.includes("/openid/clients")),
);
components.securitySchemes = {
  oauth2: { ...d.components.securitySchemes.oauth2, flows: { clientCredentials: { ...d.components.securitySchemes.oauth2.flows.clientCredentials, scopes } } },
};
// Spec defect, the one hand change: Client requires "logout", which is not one of its properties (no server sends it).
components.schemas.Client.required = components.schemas.Client.required.filter((r) => r !== "logout");
const header = `# Janssen config-api OpenID Connect client endpoints, for the emulator (data only), mechanically extracted from
# JanssenProject/jans-config-api docs/jans-config-api-swagger.yaml @30c0c14c (2021-07, Apache-2.0): the paths
# /api/v1/openid/clients and /api/v1/openid/clients/{inum} (prefix /jans-config-api dropped: the emulator serves
# under it) with every component they reference, and the oauth2 scheme reduced to the openid/clients scopes.
# One hand change: Client.required lists "logout", which is not a property of Client; it is removed.
`;
const doc = { openapi: d.openapi, info: d.info, servers: d.servers, paths, components };
fs.writeFileSync(process.argv[3], header + yaml.dump(doc, { lineWidth: 140, noRefs: true }));
console.log(Object.keys(components).map((k) => `${k}: ${Object.keys(components[k]).join(", ")}`).join("\n"));
