"""Stripe's error answers: the one exception every layer of the stand-in raises to refuse a request.

The real SDK turns the HTTP status and the body's `error` hash into its own exceptions
(`InvalidRequestError`, `AuthenticationError`...), so the stand-in must answer exactly that shape for the
portal's error handling to be exercised here as it will be in production.
"""

from __future__ import annotations


class ApiError(Exception):
    """A Stripe error answer: the HTTP status and the body's `error` hash."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        type: str = "invalid_request_error",
        code: str | None = None,
        param: str | None = None,
    ):
        super().__init__(message)
        self.status = status
        self.message = message
        self.type = type
        self.code = code
        self.param = param

    def body(self) -> dict:
        error = {"type": self.type, "message": self.message}
        if self.code:
            error["code"] = self.code
        if self.param:
            error["param"] = self.param
        return {"error": error}


def missing(param: str) -> ApiError:
    return ApiError(400, f"Missing required param: {param}.", code="parameter_missing", param=param)


def unknown(param: str) -> ApiError:
    return ApiError(400, f"Received unknown parameter: {param}", code="parameter_unknown", param=param)


def no_such(kind: str, object_id: str, param: str = "id") -> ApiError:
    return ApiError(404, f"No such {kind}: '{object_id}'", code="resource_missing", param=param)
