"""The API documentation page's content: the OpenAPI schema generated from the code
(drf-spectacular), turned into plain rows a server-rendered template shows (no JavaScript)."""

from functools import cache

from drf_spectacular.generators import SchemaGenerator

METHODS = ("get", "post", "put", "patch", "delete")


@cache
def schema() -> dict:
    """The OpenAPI 3 schema of ``/api/v1/`` (generated once per process: it follows the code)."""
    return SchemaGenerator().get_schema(request=None, public=True)


def _ref_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def _type(prop: dict) -> str:
    if "$ref" in prop:
        return _ref_name(prop["$ref"])
    if "allOf" in prop:
        return " / ".join(_type(p) for p in prop["allOf"])
    if "oneOf" in prop:
        return " | ".join(_type(p) for p in prop["oneOf"])
    kind = prop.get("type", "")
    if kind == "array":
        return f"[{_type(prop.get('items', {}))}]"
    if "enum" in prop:
        return " | ".join(str(v) for v in prop["enum"] if v is not None)
    return (
        kind
        + (f" ({prop['format']})" if "format" in prop else "")
        + (" or null" if prop.get("nullable") else "")
    )


def _body_name(content: dict) -> str:
    for media in content.values():
        found = media.get("schema", {})
        return _type(found) if found else ""
    return ""


def operations() -> list[dict]:
    rows = []
    for url, item in schema()["paths"].items():
        for method in METHODS:
            if method not in item:
                continue
            op = item[method]
            rows.append(
                {
                    "id": op["operationId"],
                    "method": method.upper(),
                    "path": url,
                    "description": op.get("description", ""),
                    "parameters": [
                        {
                            "name": p["name"],
                            "where": p["in"],
                            "type": _type(p.get("schema", {})),
                            "description": p.get("description", ""),
                        }
                        for p in op.get("parameters", [])
                    ],
                    "request": _body_name(op.get("requestBody", {}).get("content", {})),
                    "responses": [
                        {"status": status, "body": _body_name(r.get("content", {}))}
                        for status, r in op.get("responses", {}).items()
                    ],
                }
            )
    return rows


def components() -> list[dict]:
    rows = []
    for name, spec in schema().get("components", {}).get("schemas", {}).items():
        required = set(spec.get("required", []))
        fields = [
            {
                "name": field,
                "type": _type(prop),
                "required": field in required,
                "read_only": prop.get("readOnly", False),
                "description": prop.get("description", ""),
            }
            for field, prop in spec.get("properties", {}).items()
        ]
        rows.append({"name": name, "fields": fields, "enum": spec.get("enum", [])})
    return rows
