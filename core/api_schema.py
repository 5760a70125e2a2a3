"""OpenAPI schema hooks: the error answers every endpoint can give, documented once."""

_ERROR = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
# A refused body or query names each wrong field: {"field": ["message", ...]},
# nested objects for nested fields, or {"detail": "..."} for the whole request.
_FIELD_ERRORS = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "additionalProperties": {},
}
# Status: when it happens. Every endpoint is throttled and may refuse or not find.
_ERRORS = {
    "403": "Not logged in, or not allowed to do this.",
    "404": "Nothing with this id, or not visible to the caller.",
    "429": "Too many requests; try again after the Retry-After header's seconds.",
}
_WRITE_ERRORS = {
    "400": "The body is not valid: the answer names each wrong field.",
    "413": "The body is too large.",
}


def document_errors(result, generator, request, public):
    """Adds the shared Error component and the 4xx answers to every operation
    that does not document them itself (drf-spectacular postprocessing hook)."""
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components.setdefault("Error", _ERROR)
    components.setdefault("FieldErrors", _FIELD_ERRORS)
    ref = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    field_ref = {
        "application/json": {"schema": {"$ref": "#/components/schemas/FieldErrors"}}
    }
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            errors = dict(_ERRORS)
            if method in ("post", "put", "patch"):
                errors.update(_WRITE_ERRORS)
            elif any(p.get("in") == "query" for p in operation.get("parameters", [])):
                errors["400"] = "A query parameter is not valid: the answer says which."
            responses = operation.setdefault("responses", {})
            for status, description in errors.items():
                content = field_ref if status == "400" else ref
                responses.setdefault(
                    status, {"description": str(description), "content": content}
                )
    return result
