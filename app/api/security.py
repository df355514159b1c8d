"""API keys and roles: ``viewer`` < ``analyst`` < ``admin``.

Keys come from ``CHAINMAP_API_KEYS`` (``key:role`` pairs, comma-separated) and are sent in the
``X-API-Key`` header. Keys are compared in constant time and never logged. With no keys
configured the service is open, and then it only binds to localhost.

>>> keys = parse_api_keys("viewer-key-01:viewer, admin-key-001:admin")
>>> role_of(keys, "admin-key-001"), role_of(keys, "nope")
(<ApiRole.admin: 'admin'>, None)
>>> allows(ApiRole.analyst, ApiRole.viewer), allows(ApiRole.viewer, ApiRole.admin)
(True, False)
"""
from __future__ import annotations

import hashlib
import hmac
from enum import StrEnum

from app.errors import InvalidInput


class ApiRole(StrEnum):
    viewer = "viewer"
    analyst = "analyst"
    admin = "admin"


RANK = {ApiRole.viewer: 1, ApiRole.analyst: 2, ApiRole.admin: 3}
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


def parse_api_keys(text: str) -> list[tuple[str, ApiRole]]:
    """``key:role`` pairs; a malformed pair or unknown role fails at start."""
    keys = []
    for part in (text or "").split(","):
        part = part.strip()
        if not part:
            continue
        key, sep, role = part.rpartition(":")
        if not sep or not key or role not in ApiRole.__members__:
            raise InvalidInput("CHAINMAP_API_KEYS 应为 key:role 对，role 为 viewer/analyst/admin "
                               "(malformed CHAINMAP_API_KEYS)")
        if len(key) < 8:
            raise InvalidInput("API 密钥至少 8 个字符 (API keys need at least 8 characters)")
        keys.append((key, ApiRole(role)))
    return keys


def role_of(keys: list[tuple[str, ApiRole]], presented: str | None) -> ApiRole | None:
    """The role of the presented key, checking every key in constant time."""
    if not presented:
        return None
    found = None
    for key, role in keys:
        if hmac.compare_digest(key.encode(), presented.encode()):
            found = role
    return found


def fingerprint(key: str | None) -> str | None:
    """A short, stable id of an API key that does not reveal it."""
    return hashlib.sha256(key.encode()).hexdigest()[:12] if key else None


def allows(role: ApiRole, needed: ApiRole) -> bool:
    return RANK[role] >= RANK[needed]
