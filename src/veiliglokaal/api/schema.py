"""drf-spectacular post-processing so the published schema meets the NL API Design Rules."""

from django.conf import settings
from drf_spectacular.extensions import OpenApiAuthenticationExtension

PROBLEM_SCHEMA = {
    "type": "object",
    "description": "Foutmelding volgens RFC 9457 (problem details).",
    "properties": {
        "type": {"type": "string", "format": "uri"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "invalidParams": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"name": {"type": "string"}, "code": {"type": "string"}, "reason": {"type": "string"}},
            },
        },
    },
    "required": ["type", "title", "status", "detail"],
}
VERSION_HEADER = {
    "description": "De volledige versie van de API (semver).",
    "schema": {"type": "string", "example": settings.API_VERSION},
}
ERROR_DESCRIPTIONS = {
    "400": "Ongeldige invoer", "401": "Niet ingelogd", "403": "Geen toegang", "404": "Niet gevonden",
}


def _problem_response(description: str) -> dict:
    return {
        "description": description,
        "headers": {"API-Version": {"$ref": "#/components/headers/API-Version"}},
        "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }


def nl_api_design_rules_hook(result, generator, request, public):
    components = result.setdefault("components", {})
    components.setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    components.setdefault("headers", {})["API-Version"] = VERSION_HEADER
    for path, path_item in result.get("paths", {}).items():
        for method, operation in path_item.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            responses = operation.setdefault("responses", {})
            for code, response in list(responses.items()):
                if code[0] in "23":
                    response.setdefault("headers", {})["API-Version"] = {"$ref": "#/components/headers/API-Version"}
                elif code[0] in "45":
                    responses[code] = _problem_response(response.get("description") or ERROR_DESCRIPTIONS.get(code, "Fout"))
            paged = any(p.get("in") == "query" and p.get("name") == "page" for p in operation.get("parameters", []))
            for code, description in ERROR_DESCRIPTIONS.items():
                if code == "404" and "{" not in path and not paged:
                    continue  # only paths that address one object, or a page of a list, can answer "not found"
                if code == "404" and paged and "{" not in path:
                    description = "Pagina bestaat niet"
                responses.setdefault(code, _problem_response(description))
    return result


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = "veiliglokaal.api.authentication.MembershipTokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "header", "name": "Authorization",
                "description": "Persoonlijke API-sleutel, gebonden aan één gemeente: `Token <sleutel>`."}


class SessionScheme(OpenApiAuthenticationExtension):
    target_class = "veiliglokaal.api.authentication.VerifiedSessionAuthentication"
    name = "session"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "cookie", "name": "sessionid",
                "description": "Sessie van de ingelogde gebruiker (na MFA), met de gekozen gemeente."}
