// The components an OpenAPI excerpt needs: every `#/components/<kind>/<name>` that `paths` reference,
// transitively, taken from the whole document `d`. Shared by the mechanical spec extractions here.
module.exports.referencedComponents = function referencedComponents(d, paths, components = {}) {
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
  return { components, count: seen.size };
};
