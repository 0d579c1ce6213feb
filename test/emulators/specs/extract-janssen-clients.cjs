// Mechanical extraction: the two /api/v1/openid/clients paths of the 2021 Janssen config-api spec with every
// component they reference (transitively), prefix /jans-config-api dropped (the emulator serves under it).
const yaml = require("/work/wt-binding/node_modules/js-yaml");
const fs = require("fs");
const src = "/work/shared/specs/janssen/jans-config-api-swagger.2021-07.JanssenProject-jans-config-api.yaml";
const d = yaml.load(fs.readFileSync(src, "utf8"));
const paths = {};
for (const p of ["/jans-config-api/api/v1/openid/clients", "/jans-config-api/api/v1/openid/clients/{inum}"])
  paths[p.replace("/jans-config-api", "")] = d.paths[p];
const components = {};
const seen = new Set();
const walk = (node) => {
  if (Array.isArray(node)) return node.forEach(walk);
  if (!node || typeof node !== "object") return;
  if (typeof node.$ref === "string" && !seen.has(node.$ref)) {
    seen.add(node.$ref);
    const [, , kind, name] = node.$ref.split("/");
    (components[kind] ??= {})[name] = d.components[kind][name];
    walk(d.components[kind][name]);
  }
  Object.values(node).forEach(walk);
};
walk(paths);
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
fs.writeFileSync(process.argv[2], header + yaml.dump(doc, { lineWidth: 140, noRefs: true }));
console.log(Object.keys(components).map((k) => `${k}: ${Object.keys(components[k]).join(", ")}`).join("\n"));
