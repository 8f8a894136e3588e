"""Webhook endpoints: where events are sent, which types, and in which API version.

As in Stripe: `api_version` is chosen when an endpoint is created and can never be changed (an endpoint
created without one has its events rendered in the account's default version); the signing secret is in
the answer to the create call only; an update may change the address, the types and `disabled`. Each event
goes to every enabled endpoint listening to its type (state.py's `emit`), signed with that endpoint's
secret. Called by the routing table as `operation(state, *ids from the path, params, ctx)`.
"""

from __future__ import annotations

import re
import secrets
import time

from ..errors import ApiError, missing, no_such
from ..ids import new_id
from ..params import check_known, expand_paths, list_page, metadata_param, string_param, url_param
from ..state import RequestContext, State

_CREATE_PARAMS = frozenset(
    {"api_version", "connect", "description", "enabled_events", "expand", "metadata", "url"}
)
# No `api_version`: Stripe refuses it here (a new version needs a new endpoint).
_UPDATE_PARAMS = frozenset({"description", "disabled", "enabled_events", "expand", "metadata", "url"})
_EVENT_TYPE = re.compile(r"[a-z_]+(\.[a-z_]+)+")
# `2026-10-28.endive`, or a version from before the named releases such as `2020-08-27`.
_API_VERSION = re.compile(r"\d{4}-\d{2}-\d{2}(\.[a-z]+)?")


def create(state: State, params: dict, ctx: RequestContext) -> dict:
    check_known(params, _CREATE_PARAMS)
    url = _url(params, required=True)
    enabled_events = _enabled_events(params, required=True)
    api_version = string_param(params, "api_version", "api_version")
    if api_version is not None and not _API_VERSION.fullmatch(api_version):
        raise ApiError(400, f"Invalid API version: {api_version}", param="api_version")
    if _boolean(params, "connect"):
        raise ApiError(400, "The Stripe stand-in has no connected accounts.", param="connect")
    endpoint_id = new_id("we_")
    endpoint = {
        "id": endpoint_id,
        "object": "webhook_endpoint",
        "api_version": api_version,
        "application": None,
        "created": int(time.time()),
        "description": string_param(params, "description", "description"),
        "enabled_events": enabled_events,
        "livemode": False,
        "metadata": metadata_param(params, "metadata"),
        "status": "enabled",
        "url": url,
    }
    secret = f"whsec_{secrets.token_hex(24)}"
    with state.lock:
        state.webhook_endpoints[endpoint_id] = endpoint
        state.webhook_secrets[endpoint_id] = secret
        return {**state.expanded(endpoint, expand_paths(params)), "secret": secret}


def retrieve(state: State, endpoint_id: str, params: dict, ctx: RequestContext) -> dict:
    check_known(params, frozenset({"expand"}))
    with state.lock:
        return state.expanded(_find(state, endpoint_id), expand_paths(params))


def update(state: State, endpoint_id: str, params: dict, ctx: RequestContext) -> dict:
    check_known(params, _UPDATE_PARAMS)
    changes: dict = {}
    if "url" in params:
        changes["url"] = _url(params, required=True)
    if "enabled_events" in params:
        changes["enabled_events"] = _enabled_events(params, required=True)
    if "description" in params:
        changes["description"] = string_param(params, "description", "description")
    if "disabled" in params:
        changes["status"] = "disabled" if _boolean(params, "disabled") else "enabled"
    with state.lock:
        endpoint = _find(state, endpoint_id)
        if "metadata" in params:
            changes["metadata"] = {**endpoint["metadata"], **metadata_param(params, "metadata")}
            for key, value in params["metadata"].items():
                if value == "":  # an empty value unsets the key
                    changes["metadata"].pop(key, None)
        endpoint.update(changes)
        return state.expanded(endpoint, expand_paths(params))


def list_all(state: State, params: dict, ctx: RequestContext) -> dict:
    """Newest first, `limit` (1 to 100, default 10) at a time after `starting_after`, as Stripe pages."""
    check_known(params, frozenset({"expand", "limit", "starting_after"}))
    with state.lock:
        endpoints = list(reversed(state.webhook_endpoints.values()))  # the table is in order of creation
        return list_page(endpoints, params, "webhook_endpoint", "/v1/webhook_endpoints")


def _find(state: State, endpoint_id: str) -> dict:
    endpoint = state.webhook_endpoints.get(endpoint_id)
    if endpoint is None:
        raise no_such("webhook_endpoint", endpoint_id)
    return endpoint


def _url(params: dict, *, required: bool) -> str | None:
    url = url_param(params, "url")
    if url is None and required:
        raise missing("url")
    return url


def _enabled_events(params: dict, *, required: bool) -> list[str]:
    value = params.get("enabled_events")
    if isinstance(value, str):
        value = [value]
    if not value:
        if required:
            raise missing("enabled_events")
        return []
    if not isinstance(value, list):
        raise ApiError(400, "Invalid array", param="enabled_events")
    for index, event_type in enumerate(value):
        if not isinstance(event_type, str) or not (event_type == "*" or _EVENT_TYPE.fullmatch(event_type)):
            raise ApiError(
                400,
                f"Invalid enabled_events[{index}]: must be an event type such as checkout.session.completed, "
                "or *",
                param=f"enabled_events[{index}]",
            )
    return list(dict.fromkeys(value))  # in the order given, each type once


def _boolean(params: dict, name: str) -> bool:
    value = params.get(name)
    if value in (None, "", "false"):
        return False
    if value == "true":
        return True
    raise ApiError(400, f"Invalid boolean: {value}", param=name)
