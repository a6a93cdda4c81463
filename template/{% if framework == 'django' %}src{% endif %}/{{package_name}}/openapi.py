"""The OpenAPI document: bearer authentication, and every error response as problem details.

Imported by `urls.py`: drf-spectacular registers an extension when its class is defined, and
this module cannot load with the settings (it would import the authentication it describes
while DRF is still reading its settings).
"""

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema

from .auth.authentication import BearerTokenAuthentication

PROBLEM_MEDIA_TYPE = "application/problem+json"

PROBLEM_SCHEMA = {
    "type": "object",
    "description": "An RFC 9457 problem details document; some carry extra members.",
    "properties": {
        "type": {"type": "string", "default": "about:blank"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "location": {"type": "array", "items": {"type": "string"}},
                    "message": {"type": "string"},
                },
                "required": ["location", "message"],
            },
        },
    },
    "required": ["title", "status", "detail"],
}


def document_problems(result: dict[str, Any], **_: Any) -> dict[str, Any]:
    """drf-spectacular post-processing hook: problem responses on every operation, and every
    request body required (a request without one is a 422)."""
    result.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    problem = {
        "content": {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}
    }
    for operations in result["paths"].values():
        for operation in operations.values():
            if "requestBody" in operation:
                operation["requestBody"]["required"] = True
            responses = operation["responses"]
            # Every API view is rate limited (see throttling.py).
            codes = ["422", "429", "default"]
            if operation.get("security") and {} not in operation["security"]:
                codes.append("401")
            if any(p["in"] == "path" for p in operation.get("parameters", [])):
                codes.append("404")
            for code in codes:
                description = "Any other error" if code == "default" else "Problem details"
                responses.setdefault(code, {"description": description, **problem})
            # Errors a view declares itself (like 403) get the problem body too.
            for code, response in responses.items():
                if not code.startswith("2") and "content" not in response:
                    response.update(problem)
    return result


class BearerTokenScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    target_class = BearerTokenAuthentication
    name = "BearerAuth"

    def get_security_definition(self, auto_schema: AutoSchema) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "JWT",
            "description": "An access token from /auth/login",
        }
