"""An accessible API reference page rendered from our own OpenAPI schema (no third-party assets)."""

from django.shortcuts import render
from drf_spectacular.generators import SchemaGenerator

METHODS = ("get", "post", "put", "patch", "delete")


def _operations(schema: dict) -> list[dict]:
    operations = []
    for path, item in schema.get("paths", {}).items():
        for method in METHODS:
            operation = item.get(method)
            if not operation:
                continue
            operations.append({
                "method": method.upper(),
                "path": "/api/v1" + path,
                "summary": operation.get("summary") or operation.get("description", "").split("\n")[0],
                "parameters": [
                    {"name": p["name"], "in": p["in"], "required": p.get("required", False),
                     "description": p.get("description", "")}
                    for p in operation.get("parameters", [])
                ],
                "responses": sorted(operation.get("responses", {}).items()),
                "tag": (operation.get("tags") or ["algemeen"])[0],
            })
    return operations


def api_docs(request):
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return render(request, "api/docs.html", {"info": schema["info"], "operations": _operations(schema)})
