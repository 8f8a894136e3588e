"""Parameter checks, the way Stripe validates request parameters.

Each check reads one parameter out of the decoded form (see decode.py) and either returns it in the type
Stripe means or raises the `ApiError` Stripe would answer (missing, unknown, not an integer, too long...),
so a parameter the portal misspells or sends in the wrong shape fails here instead of first in production.
"""

from __future__ import annotations

import copy

from .errors import ApiError, missing, no_such, unknown


def check_known(params: dict, allowed: frozenset, prefix: str = ""):
    """Refuse any parameter not in `allowed`: Stripe answers an unknown parameter with an error."""
    for name in params:
        if name not in allowed:
            raise unknown(f"{prefix}[{name}]" if prefix else name)


def string_param(params: dict, name: str, param: str, *, required: bool = False, max_length: int = 5000):
    """`params[name]` as a string, None when absent or empty; `param` is its name in error answers."""
    value = params.get(name)
    if value is None or value == "":
        if required:
            raise missing(param)
        return None
    if not isinstance(value, str):
        raise ApiError(400, f"Invalid string: {param} must be a string", param=param)
    if len(value) > max_length:
        raise ApiError(400, f"Invalid string: {param} must be at most {max_length} characters", param=param)
    return value


def integer_param(params: dict, name: str, param: str, *, required: bool = False, minimum: int = 0):
    """`params[name]` as an int of at least `minimum` (forms carry only strings), None when absent."""
    value = params.get(name)
    if value is None or value == "":
        if required:
            raise missing(param)
        return None
    if not isinstance(value, str) or not value.lstrip("-").isdigit():
        raise ApiError(400, f"Invalid integer: {value}", code="parameter_invalid_integer", param=param)
    number = int(value)
    if number < minimum:
        raise ApiError(
            400,
            f"This value must be greater than or equal to {minimum}.",
            code="parameter_invalid_integer",
            param=param,
        )
    return number


def url_param(params: dict, name: str) -> str | None:
    value = string_param(params, name, name, max_length=5000)
    if value is not None and not value.startswith(("http://", "https://")):
        raise ApiError(400, "Not a valid URL", code="url_invalid", param=name)
    return value


def email_param(params: dict, name: str, param: str) -> str | None:
    value = string_param(params, name, param, max_length=800)
    if value is not None and ("@" not in value or value.startswith("@") or value.endswith("@")):
        raise ApiError(400, f"Invalid email address: {value}", code="email_invalid", param=param)
    return value


def metadata_param(params: dict, param: str) -> dict:
    """The `metadata` hash within Stripe's limits (50 keys, keys of 40 and values of 500 characters)."""
    value = params.get("metadata")
    if value is None or value == "":
        return {}
    if not isinstance(value, dict):
        raise ApiError(400, "Invalid hash", param=param)
    if len(value) > 50:
        raise ApiError(400, "Metadata can have at most 50 keys.", param=param)
    metadata = {}
    for key, item in value.items():
        if not isinstance(item, str):
            raise ApiError(
                400, f"Invalid value for {param}[{key}]: must be a string", param=f"{param}[{key}]"
            )
        if len(key) > 40 or len(item) > 500:
            raise ApiError(
                400,
                "Metadata keys are at most 40 characters and values at most 500.",
                param=f"{param}[{key}]",
            )
        # An empty value unsets a key in Stripe, so it is never stored.
        if item != "":
            metadata[key] = item
    return metadata


def expand_paths(params: dict) -> list[str]:
    """The `expand[]` paths asked for (a single `expand=x` counts as one)."""
    value = params.get("expand") or []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(path, str) for path in value):
        raise ApiError(400, "Invalid array", param="expand")
    return value


def list_page(objects: list[dict], params: dict, kind: str, url: str) -> dict:
    """Stripe's list answer over `objects` (newest first): `limit` (1 to 100, default 10) of them after the
    one named by `starting_after`; `has_more` when more follow. Copies: later changes do not leak in."""
    limit = integer_param(params, "limit", "limit", minimum=1)
    limit = 10 if limit is None else min(limit, 100)
    after = string_param(params, "starting_after", "starting_after")
    if after is not None:
        ids = [item["id"] for item in objects]
        if after not in ids:
            raise no_such(kind, after, "starting_after")
        objects = objects[ids.index(after) + 1 :]
    return {
        "object": "list",
        "data": copy.deepcopy(objects[:limit]),
        "has_more": len(objects) > limit,
        "url": url,
    }
