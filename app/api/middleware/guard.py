"""The door of the API: refusals that cost nothing, before any route or body is touched.

:class:`Guard` (inside the audit log, so its refusals are recorded):

- a ``Host`` not on the allow-list → 400 (open mode answers only to loopback names, so a page on another
  site cannot reach it through DNS rebinding); set ``CHAINMAP_ALLOWED_HOSTS`` to serve other names;
- a write (``POST``/``PUT``/``PATCH``/``DELETE``) sent by a page of another origin (``Origin`` not the
  service's own nor in ``CHAINMAP_CORS_ORIGINS``, or ``Sec-Fetch-Site: cross-site``) → 403, so a
  ``no-cors`` form post from another website cannot drive an open service;
- more than one ``X-API-Key`` header → 401 (which key would speak?);
- with keys configured, a write without a valid key → 401 *before the body is read*;
- a NUL or other control character in the path → 404 (never a 500 from the file system).

:class:`SecurityHeaders` (outermost) puts CSP, frame, nosniff and referrer headers on every answer.

>>> allowed_hosts("", open_mode=True) >= {"localhost", "127.0.0.1"}, allowed_hosts("", open_mode=False)
(True, None)
>>> host_name("[::1]:8000"), host_name("Example.org:80")
('::1', 'example.org')
"""
from __future__ import annotations

from urllib.parse import urlsplit

from app.api.problems import problem
from app.api.security import LOCAL_HOSTS, fingerprint, role_of

WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
       "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
       "form-action 'self'")
HEADERS = [(b"content-security-policy", CSP.encode()), (b"x-frame-options", b"DENY"),
           (b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer"),
           (b"cross-origin-opener-policy", b"same-origin")]


def allowed_hosts(setting: str, open_mode: bool) -> set[str] | None:
    """The host names to answer to; None: any. Open mode: the loopback names, and ``testserver`` — the name
    an in-process test client sends, which no DNS resolves, so no other website can point at it."""
    names = {h.strip().lower() for h in setting.split(",") if h.strip()}
    if names:
        return None if "*" in names else names
    return set(LOCAL_HOSTS) | {"testserver"} if open_mode else None


def host_name(host: str) -> str:
    host = host.strip().lower()
    if host.startswith("["):
        return host[1:host.find("]")] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


class Guard:
    def __init__(self, app, api_keys, allowed_hosts: set[str] | None, cors_origins: list[str]):
        self.app = app
        self.keys = api_keys
        self.hosts = allowed_hosts
        self.origins = {o.rstrip("/").lower() for o in cors_origins}

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        refused = self.refusal(scope)
        if refused is not None:
            refused.headers["Connection"] = "close"  # the body is not read: the connection cannot serve another request
            return await refused(scope, receive, send)
        return await self.app(scope, receive, send)

    def refusal(self, scope):
        path = scope["path"]
        if any(ord(c) < 32 or ord(c) == 127 for c in path):
            return problem(404, "未找到 Not found", "路径含控制字符 (the path holds a control character)")
        headers = scope.get("headers") or []
        host = next((v.decode("latin-1") for k, v in headers if k == b"host"), "")
        if self.hosts is not None and host_name(host) not in self.hosts:
            return problem(400, "主机名不被接受 Host not allowed",
                           "请求的主机名不在允许列表中 (the Host header is not one this service answers to; "
                           "see CHAINMAP_ALLOWED_HOSTS)")
        method = scope["method"]
        if method in WRITES and self.cross_site(headers, host):
            return problem(403, "无权限 Forbidden", "拒绝来自其他网站的写入请求 (writes from pages of other origins are refused)")
        keys = [v.decode("latin-1") for k, v in headers if k == b"x-api-key"]
        if len(keys) > 1:
            return problem(401, "未认证 Unauthorized", "每个请求只能带一个 X-API-Key (send exactly one X-API-Key header)")
        if self.keys and keys:
            role = role_of(self.keys, keys[0])
            if role is not None:
                scope.setdefault("state", {})
                scope["state"]["key_fingerprint"] = fingerprint(keys[0])
        if self.keys and method in WRITES and (not keys or role_of(self.keys, keys[0]) is None):
            response = problem(401, "未认证 Unauthorized", "缺少或无效的 API 密钥 (missing or unknown X-API-Key)")
            response.headers["WWW-Authenticate"] = "X-API-Key"
            return response
        return None

    def cross_site(self, headers, host: str) -> bool:
        values = dict(headers)
        if values.get(b"sec-fetch-site", b"").lower() == b"cross-site":
            return True
        origin = values.get(b"origin", b"").decode("latin-1").rstrip("/").lower()
        if not origin:
            return False
        if origin == "null" or origin in self.origins:
            return origin == "null"
        return urlsplit(origin).netloc != host.lower()


class SecurityHeaders:
    """ASGI middleware: the security headers on every response (also those middleware answers by itself)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def with_headers(message):
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [h for h in HEADERS if h[0] not in present]
            await send(message)

        return await self.app(scope, receive, with_headers)
