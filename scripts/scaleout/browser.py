"""One person's browser behind the proxy the scale-out journey plays: every request carries the public host
name and `X-Forwarded-Proto: https` and goes to the app server the step names, with a cookie jar shared by
both servers; the fields a browser would submit from a form, multipart uploads, and plain GETs of S3
addresses."""

from __future__ import annotations

import http.client
import uuid
from contextlib import closing
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

from .layout import HOST, PASSWORD
from .steps import check


class Response:
    def __init__(self, status: int, headers: list[tuple[str, str]], body: bytes):
        self.status, self.headers, self.body = status, headers, body

    def header(self, name: str) -> str:
        return next((value for key, value in self.headers if key.lower() == name.lower()), "")

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


class Client:
    """One person's browser: a cookie jar shared by whichever server the request goes to."""

    def __init__(self, port: int | None = None, cookies: dict | None = None):
        self.port = port
        self.cookies: dict[str, str] = cookies if cookies is not None else {}

    def request(self, method, path, *, port=None, body=None, headers=None) -> Response:
        port = port or self.port
        all_headers = {"Host": HOST, "X-Forwarded-Proto": "https", "X-Forwarded-For": "127.0.0.1"}
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{key}={value}" for key, value in self.cookies.items())
        all_headers.update(headers or {})
        with closing(http.client.HTTPConnection("127.0.0.1", port, timeout=60)) as conn:
            conn.request(method, path, body=body, headers=all_headers)
            response = conn.getresponse()
            result = Response(response.status, response.getheaders(), response.read())
        for key, value in result.headers:
            if key.lower() == "set-cookie":
                for name, morsel in SimpleCookie(value).items():
                    if morsel.value and morsel["max-age"] != "0":
                        self.cookies[name] = morsel.value
                    else:
                        self.cookies.pop(name, None)
        return result

    def get(self, path, *, port=None) -> Response:
        return self.request("GET", path, port=port)

    def post(self, path, fields, *, port=None, files=None) -> Response:
        headers = {"Referer": f"https://{HOST}{path}", "X-CSRFToken": self.cookies.get("csrftoken", "")}
        if files:
            boundary = uuid.uuid4().hex
            body = multipart(fields, files, boundary)
            headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
        else:
            body = urlencode(fields, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        return self.request("POST", path, port=port, body=body, headers=headers)

    def sign_in(self, email: str, *, port: int) -> None:
        form = self.get("/es/accounts/login/", port=port)
        check(form.status == 200, f"the sign-in form answered {form.status}")
        fields = {"login": email, "password": PASSWORD, **form_fields(form.text, "csrfmiddlewaretoken")}
        answer = self.post("/es/accounts/login/", fields, port=port)
        check(answer.status == 302, f"signing in {email} answered {answer.status}, not a redirect")


def multipart(fields, files, boundary: str) -> bytes:
    parts = []
    for name, value in fields.items() if isinstance(fields, dict) else fields:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        )
    for name, (filename, content, content_type) in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n"
        )
        parts.append(head.encode() + content + b"\r\n")
    return b"".join(parts) + f"--{boundary}--\r\n".encode()


class FormParser(HTMLParser):
    """The values a browser would submit for the form whose action matches (or the first form)."""

    def __init__(self, action: str | None):
        super().__init__(convert_charrefs=True)
        self.action, self.depth, self.done = action, 0, False
        self.fields: list[tuple[str, str]] = []
        self.textarea: list | None = None
        self.select: str | None = None
        self.select_value: str | None = None
        self.first_option: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and not self.done and not self.depth:
            if self.action is None or attrs.get("action", "").startswith(self.action):
                self.depth = 1
            return
        if not self.depth:
            return
        name = attrs.get("name")
        if tag == "input" and name and "disabled" not in attrs:
            kind = attrs.get("type", "text").lower()
            if kind in {"submit", "button", "image", "file", "reset"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            self.fields.append((name, attrs.get("value", "on" if kind in {"checkbox", "radio"} else "")))
        elif tag == "textarea" and name:
            self.textarea = [name, ""]
        elif tag == "select" and name:
            self.select, self.select_value, self.first_option = name, None, None
        elif tag == "option" and self.select is not None:
            value = attrs.get("value", "")
            if self.first_option is None:
                self.first_option = value
            if "selected" in attrs:
                self.select_value = value

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if not self.depth:
            return
        if tag == "textarea" and self.textarea is not None:
            self.fields.append((self.textarea[0], self.textarea[1].lstrip("\n")))
            self.textarea = None
        elif tag == "select" and self.select is not None:
            value = self.select_value if self.select_value is not None else self.first_option
            if value is not None:
                self.fields.append((self.select, value))
            self.select = None
        elif tag == "form":
            self.depth, self.done = 0, True


def form_fields(html: str, *names: str, action: str | None = None) -> dict:
    parser = FormParser(action)
    parser.feed(html)
    fields = dict(parser.fields)
    return {name: fields[name] for name in names} if names else fields


def all_form_fields(html: str, action: str | None = None) -> list[tuple[str, str]]:
    parser = FormParser(action)
    parser.feed(html)
    return parser.fields


def fetch(url: str) -> tuple[int, http.client.HTTPMessage, bytes]:
    """A plain GET of an absolute address (an S3 object), as a browser following a link would."""
    parts = urlsplit(url)
    with closing(http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)) as conn:
        conn.request("GET", parts.path + (f"?{parts.query}" if parts.query else ""))
        response = conn.getresponse()
        return response.status, response.headers, response.read()
