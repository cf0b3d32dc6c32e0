"""The one outbound HTTP client every data source uses (plugins never build their own).

Built once per process by the core (lazily, so that forked workers each get their own) and stored in
``app.extensions``. It has explicit timeouts (5 s by default, as API Particulier recommends), never
follows redirects, ignores proxy variables from the environment, sends a User-Agent and a
correlation id, and refuses to connect to loopback, private, link-local or otherwise non-public
addresses — or over plain HTTP — except for the hosts listed in ``TREMPLIN_HTTP_ALLOWED_HOSTS``
(the local sandboxes). The addresses checked are the ones connected to (no DNS-rebinding window).
Logs carry the method, host, status, duration and correlation id only: never the path or the
query string, which hold personal data (names, birth dates, numéro fiscal).
"""

from __future__ import annotations

import contextlib
import contextvars
import ipaddress
import logging
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import httpcore
import httpx
from flask import Flask, current_app

log = logging.getLogger("tremplin.http")
EXTENSION_KEY = "tremplin.http"
CORRELATION_HEADER = "X-Correlation-ID"
_correlation: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "tremplin_correlation_id", default=None
)
Resolver = Callable[[str, int], Iterable[str]]


class DestinationRefused(httpx.TransportError):
    """The URL points at an address the platform must not reach (SSRF protection)."""


def _system_resolver(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


def _is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def public_addresses(resolve: Resolver, host: str, port: int) -> list[str]:
    """``host``'s addresses, all of them public, or :class:`DestinationRefused`; a name that does
    not resolve raises ``OSError``."""
    addresses = list(resolve(host, port))
    if not addresses or not all(_is_public(address) for address in addresses):
        raise DestinationRefused("destination address is not public")
    return addresses


def _allowed(allowed_hosts: frozenset[str], host: str, port: int) -> bool:
    """Whether ``host`` is configured (as ``host`` or ``host:port``), e.g. the sandboxes."""
    host = host.lower()
    return host in allowed_hosts or f"{host}:{port}" in allowed_hosts


class PinnedBackend(httpcore.NetworkBackend):
    """Opens connections only to the addresses it has just checked.

    The transport checks a request's destination before sending it, but the connection pool
    resolves the name again when it connects: a name whose DNS answer changes in between (DNS
    rebinding) would reach a private address. This backend resolves once, refuses unless every
    address is public (configured hosts excepted), and connects to those very addresses; TLS still
    verifies the certificate against the name (httpcore passes it as the SNI server name).
    """

    def __init__(self, allowed_hosts: frozenset[str], resolver: Resolver) -> None:
        self._allowed_hosts = allowed_hosts
        self._resolve = resolver
        self._inner = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        """Connect to ``host`` through its checked addresses (first that answers)."""
        if _allowed(self._allowed_hosts, host, port):
            addresses = [host]
        else:
            try:
                addresses = public_addresses(self._resolve, host, port)
            except OSError as error:
                raise httpcore.ConnectError(
                    f"cannot resolve host: {type(error).__name__}"
                ) from error
        failure: Exception | None = None
        for address in addresses:
            try:
                return self._inner.connect_tcp(
                    address, port, timeout, local_address, socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as error:
                failure = error
        assert failure is not None
        raise failure

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        """Never: outbound calls go over TCP only."""
        raise DestinationRefused("unix sockets are refused")

    def sleep(self, seconds: float) -> None:
        """Sleep (used by httpcore's connection retries, which are off)."""
        self._inner.sleep(seconds)


class PinnedTransport(httpx.HTTPTransport):
    """httpx's standard transport (no proxy from the environment, no retries) whose connection
    pool connects through :class:`PinnedBackend`. httpx has no public way to pass a network backend,
    so the pool is built here with httpcore's public API; ``tests/core/test_http.py`` proves that
    the pinned pool is the one used."""

    def __init__(self, allowed_hosts: frozenset[str], resolver: Resolver) -> None:
        super().__init__(retries=0, trust_env=False)
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False),
            retries=0,
            network_backend=PinnedBackend(allowed_hosts, resolver),
        )


class GuardedTransport(httpx.BaseTransport):
    """Checks every request's destination before handing it to the real transport (which, by
    default, connects only to the addresses it checks again itself: :class:`PinnedBackend`)."""

    def __init__(
        self,
        allowed_hosts: Iterable[str] = (),
        inner: httpx.BaseTransport | None = None,
        resolver: Resolver = _system_resolver,
    ) -> None:
        self.allowed_hosts = frozenset(h.strip().lower() for h in allowed_hosts if h.strip())
        self._inner = inner or PinnedTransport(self.allowed_hosts, resolver)
        self._resolve = resolver

    def is_allowed_host(self, url: httpx.URL) -> bool:
        """True for hosts explicitly configured (``host`` or ``host:port``), e.g. the sandboxes."""
        return _allowed(self.allowed_hosts, url.host, url.port or _default_port(url))

    def check(self, url: httpx.URL) -> None:
        """Raise :class:`DestinationRefused` unless ``url`` may be contacted."""
        if url.scheme not in ("http", "https"):
            raise DestinationRefused(f"scheme {url.scheme!r} refused")
        if self.is_allowed_host(url):
            return
        if url.scheme != "https":
            raise DestinationRefused("plain HTTP is only allowed to configured hosts")
        try:
            public_addresses(self._resolve, url.host, url.port or 443)
        except OSError as error:
            raise httpx.ConnectError(f"cannot resolve host: {type(error).__name__}") from error

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Check the destination, then send; log the outcome without path or query."""
        self.check(request.url)
        started = time.perf_counter()
        try:
            response = self._inner.handle_request(request)
        except httpx.TransportError as error:
            log.info(
                "http.request.failed",
                extra={
                    "method": request.method,
                    "host": request.url.host,
                    "error": type(error).__name__,
                    "correlation_id": request.headers.get(CORRELATION_HEADER, ""),
                },
            )
            raise
        log.debug(
            "http.request",
            extra={
                "method": request.method,
                "host": request.url.host,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000),
                "correlation_id": request.headers.get(CORRELATION_HEADER, ""),
            },
        )
        return response

    def close(self) -> None:
        """Close the underlying connection pool."""
        self._inner.close()


def _default_port(url: httpx.URL) -> int:
    return 443 if url.scheme == "https" else 80


def _stamp_correlation_id(request: httpx.Request) -> None:
    if CORRELATION_HEADER not in request.headers:
        request.headers[CORRELATION_HEADER] = _correlation.get() or str(uuid.uuid4())


def build_client(
    *,
    timeout: float,
    allowed_hosts: Iterable[str] = (),
    user_agent: str = "Tremplin",
    inner: httpx.BaseTransport | None = None,
    resolver: Resolver = _system_resolver,
) -> httpx.Client:
    """A client with the platform's outbound policy (see the module docstring)."""
    return httpx.Client(
        transport=GuardedTransport(allowed_hosts, inner=inner, resolver=resolver),
        timeout=httpx.Timeout(timeout),
        follow_redirects=False,
        trust_env=False,
        headers={"User-Agent": user_agent},
        event_hooks={"request": [_stamp_correlation_id]},
    )


@contextlib.contextmanager
def correlation(correlation_id: str | None = None) -> Iterator[str]:
    """Send ``correlation_id`` (a new UUID by default) as ``X-Correlation-ID`` inside the block."""
    value = correlation_id or str(uuid.uuid4())
    token = _correlation.set(value)
    try:
        yield value
    finally:
        _correlation.reset(token)


class _ClientHolder:
    """Builds the client on first use (after any fork) and closes it with the app."""

    def __init__(self, factory: Callable[[tuple[str, ...]], httpx.Client]) -> None:
        self._factory = factory
        self._client: httpx.Client | None = None
        self._lock = threading.Lock()
        self.extra_hosts: tuple[str, ...] = ()

    def get(self) -> httpx.Client:
        with self._lock:
            if self._client is None:
                self._client = self._factory(self.extra_hosts)
            return self._client

    def allow(self, hosts: Iterable[str]) -> None:
        with self._lock:
            if self._client is not None:
                raise RuntimeError("the HTTP client is already in use")
            self.extra_hosts = (*self.extra_hosts, *hosts)

    def close(self) -> None:
        with self._lock:
            if self._client is not None:
                self._client.close()
                self._client = None


def init_app(app: Flask) -> None:
    """Register the shared client factory; silence httpx's own INFO logs (they print full URLs)."""
    settings = app.extensions["tremplin.settings"]
    user_agent = f"Tremplin/0.1 (+{settings.base_url})"

    def factory(extra_hosts: tuple[str, ...]) -> httpx.Client:
        return build_client(
            timeout=settings.http_timeout,
            allowed_hosts=(*settings.http_allowed_hosts, *extra_hosts),
            user_agent=user_agent,
        )

    app.extensions[EXTENSION_KEY] = _ClientHolder(factory)
    for name in ("httpx", "httpcore"):
        logging.getLogger(name).setLevel(logging.WARNING)


def http_client(app: Flask | None = None) -> httpx.Client:
    """The application's shared client."""
    holder: _ClientHolder = (app or current_app).extensions[EXTENSION_KEY]
    return holder.get()


def allow_hosts(app: Flask, hosts: Iterable[str]) -> None:
    """Add ``host:port`` entries to the allowed hosts before any outbound call (the demo does it
    for the sandboxes it starts); raises ``RuntimeError`` once the client exists."""
    holder: _ClientHolder = app.extensions[EXTENSION_KEY]
    holder.allow(hosts)


def close_client(app: Flask) -> None:
    """Close the shared client (tests and shutdown hooks)."""
    holder: Any = app.extensions.get(EXTENSION_KEY)
    if holder is not None:
        holder.close()
