"""uvicorn as the API runs it: slow clients are timed out, connections are bounded.

- :class:`SlowClientGuard`: a connection that has not sent a whole request head within
  :data:`HEADER_TIMEOUT_S` of connecting (or of its previous answer) is closed — trickling a byte at
  a time does not keep it open, as it does with uvicorn's keep-alive timer alone;
- idle keep-alive connections close after :data:`KEEP_ALIVE_S`;
- at most :data:`MAX_CONNECTIONS` connections and requests at once per worker (503 past it), and a
  request head of at most 64 KB.
A request whose body trickles in is answered 503 by the deadline middleware (``CHAINMAP_REQUEST_TIMEOUT_S``).
"""
from __future__ import annotations

from uvicorn.protocols.http.h11_impl import H11Protocol

HEADER_TIMEOUT_S = 10.0
KEEP_ALIVE_S = 5
MAX_CONNECTIONS = 512
MAX_HEAD_BYTES = 64 * 1024


class SlowClientGuard(H11Protocol):
    """uvicorn's h11 protocol with a deadline for each request head."""

    header_timeout = HEADER_TIMEOUT_S

    def connection_made(self, transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._head_timer = None
        self._arm()

    def _arm(self) -> None:
        self._disarm()
        self._head_timer = self.loop.call_later(self.header_timeout, self._too_slow)

    def _disarm(self) -> None:
        if getattr(self, "_head_timer", None) is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _too_slow(self) -> None:
        self._head_timer = None
        if self.cycle is None or self.cycle.response_complete:  # still waiting for a request head
            self.transport.close()

    def handle_events(self) -> None:
        before = self.cycle
        super().handle_events()
        if self.cycle is not before:  # a whole request head arrived
            self._disarm()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._arm()

    def connection_lost(self, exc) -> None:
        self._disarm()
        super().connection_lost(exc)


def options() -> dict:
    """The uvicorn settings every way of serving the API uses."""
    return {"http": SlowClientGuard, "timeout_keep_alive": KEEP_ALIVE_S, "limit_concurrency": MAX_CONNECTIONS,
            "h11_max_incomplete_event_size": MAX_HEAD_BYTES}
