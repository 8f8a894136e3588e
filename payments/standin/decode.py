"""Stripe's form encoding, decoded back into nested dicts and lists.

The Stripe SDK sends v1 parameters as `application/x-www-form-urlencoded` with bracketed keys:
`line_items[0][price_data][currency]=usd`, `metadata[order]=17`, `expand[0]=payment_intent` (older
clients write `expand[]=payment_intent`). The stand-in has to read them the way Stripe does, so that a
parameter the portal misspells or nests wrongly fails here too instead of only in production.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl

_KEY = re.compile(r"^([^\[\]]+)((?:\[[^\[\]]*\])*)$")
_SEGMENT = re.compile(r"\[([^\[\]]*)\]")

# A metadata hash may legitimately have keys "0", "1"...: it stays a dict, never becomes a list.
_NEVER_LISTS = frozenset({"metadata"})


class DecodeError(ValueError):
    """The body is not a valid Stripe form (the server answers 400 invalid_request_error)."""

    def __init__(self, message: str, param: str | None = None):
        super().__init__(message)
        self.param = param


def split_key(key: str) -> list[str]:
    """`a[b][0][]` -> `["a", "b", "0", ""]`; an empty segment means "append"."""
    match = _KEY.match(key)
    if not match:
        raise DecodeError(f"Invalid parameter name: {key}", param=key)
    return [match.group(1), *_SEGMENT.findall(match.group(2))]


def parse_form(body: str | bytes) -> dict:
    """Decode a Stripe form body (or a query string) into nested dicts and lists of strings."""
    if isinstance(body, bytes):
        body = body.decode("utf-8")
    root: dict = {}
    for key, value in parse_qsl(body, keep_blank_values=True):
        path = split_key(key)
        node = root
        for depth, segment in enumerate(path[:-1]):
            name = segment or str(len(node))
            child = node.setdefault(name, {})
            if not isinstance(child, dict):
                raise DecodeError(f"Invalid hash: {_render(path[: depth + 1])}", param=_render(path))
            node = child
        last = path[-1] or str(len(node))
        if isinstance(node.get(last), dict):
            raise DecodeError(f"Invalid value for {_render(path)}: expected a hash", param=_render(path))
        node[last] = value
    return _listify(root, parent=None)


def _render(path: list[str]) -> str:
    """Back to Stripe's notation, for error messages: `line_items[0][quantity]`."""
    return path[0] + "".join(f"[{segment}]" for segment in path[1:])


def _listify(node, parent: str | None):
    """Turn `{"0": a, "1": b}` into `[a, b]`, as Stripe reads indexed keys as arrays."""
    if not isinstance(node, dict):
        return node
    converted = {key: _listify(value, parent=key) for key, value in node.items()}
    if converted and parent not in _NEVER_LISTS and all(key.isdigit() for key in converted):
        return [converted[key] for key in sorted(converted, key=int)]
    return converted
