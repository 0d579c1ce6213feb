#!/usr/bin/env python3
"""Extracts the PingOne operations the emulator serves from the PingOne Go SDK's management OpenAPI document
(data only, BSD-3-Clause; see test/emulators/specs/PROVENANCE.md), with every component they reference.

    python3 scripts/specs/extract-pingone-spec.py <management-openapi.yaml> > test/emulators/specs/pingone-krp-applications.json

The SDK document has no `/keyRotationPolicies/{id}/jwks` operation; it is added from PingOne's API reference
("Get JWKS for Key Rotation Policy") and marked `x-source: pingone-api-docs`.
"""
import json, sys, yaml

doc = yaml.safe_load(open(sys.argv[1]))
KEEP = {
    "/environments/{environmentID}/keyRotationPolicies": ["post"],  # the list (EntityArray) pulls in 500 schemas
    "/environments/{environmentID}/keyRotationPolicies/{keyRotationPolicyID}": ["get", "put", "delete"],
    "/environments/{environmentID}/applications/{applicationID}": ["get", "put"],
}
paths = {p: {m: doc["paths"][p][m] for m in ms} for p, ms in KEEP.items()}
krp_get = doc["paths"]["/environments/{environmentID}/keyRotationPolicies/{keyRotationPolicyID}"]["get"]
paths["/environments/{environmentID}/keyRotationPolicies/{keyRotationPolicyID}/jwks"] = {
    "get": {
        "operationId": "getKeyRotationPolicyJwks",
        "x-source": "pingone-api-docs: developer.pingidentity.com/pingone-api/platform/certificate-management/key-rotation-policies/get-jwks-for-key-rotation-policy",
        "summary": "GET JWKS for Key Rotation Policy",
        "tags": ["Key Rotation Policies"],
        "parameters": krp_get["parameters"],
        "responses": {
            **{s: r for s, r in krp_get["responses"].items() if s != "200"},
            "200": {
                "description": "The public keys of every KrpKey of the KRP (RFC 7517 JWK Set)",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/KeyRotationPolicyJwks"}}},
            },
        },
    }
}
schemas = doc["components"]["schemas"]
wanted, todo = {}, [paths]
while todo:
    node = todo.pop()
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
            name = ref.split("/")[-1]
            if name not in wanted and name in schemas:
                wanted[name] = schemas[name]
                todo.append(schemas[name])
        todo.extend(node.values())
    elif isinstance(node, list):
        todo.extend(node)
wanted["KeyRotationPolicyJwks"] = {
    "x-source": "pingone-api-docs (see getKeyRotationPolicyJwks)",
    "type": "object",
    "required": ["keys"],
    "properties": {
        "keys": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["kty", "kid", "e", "n"],
                "properties": {
                    "kty": {"type": "string", "enum": ["RSA"]},
                    "kid": {"type": "string", "description": "time-based UUID (version 1)"},
                    "e": {"type": "string"},
                    "n": {"type": "string"},
                    "use": {"type": "string", "enum": ["sig"]},
                    "alg": {"type": "string"},
                    "x5c": {"type": "array", "items": {"type": "string"}},
                    "x5t": {"type": "string"},
                    "x5t#S256": {"type": "string"},
                },
            },
        }
    },
}
out = {
    "openapi": doc["openapi"],
    "info": {**doc["info"], "description": "Subset of the PingOne Go SDK management API document; see PROVENANCE.md"},
    "servers": doc["servers"],
    "paths": paths,
    "components": {"schemas": dict(sorted(wanted.items())), "securitySchemes": doc["components"]["securitySchemes"]},
    "security": doc.get("security", [{"bearer": []}]),
}
json.dump(out, sys.stdout, indent=1, default=str)
sys.stdout.write("\n")
