"""Answer only requests addressed to the agent's own names (a defence against DNS rebinding).

A page on any web site can make the browser resolve its own name to 127.0.0.1 and then call
the agent as if it were that site: the request reaches the agent with the attacker's name in
``Host``. So a request (the WebSocket too) is answered only when ``Host`` names the loopback
(``127.0.0.1``, ``localhost``, ``[::1]``) or the configured ``api.host``. When ``api.host`` is
a wildcard (``0.0.0.0`` or ``::``, which needs ``api.allow_remote``), any IP address is
accepted as well: a rebinding page needs a name, and the machine's addresses cannot be listed.

The port is not compared: the browser names the port it connected to, and a request can only
reach this server on its own port; the dashboard's development server (``npm run dev``)
forwards requests with its own port in ``Host``.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from typing import Any

from litestar.connection import ASGIConnection
from litestar.exceptions import ClientException
from litestar.handlers.base import BaseRouteHandler

from agent.settings import ApiSettings

LOOPBACK_NAMES = frozenset({"127.0.0.1", "localhost", "::1"})
_HOST = re.compile(r"(?:\[(?P<v6>[0-9a-f:.]+)\]|(?P<name>[a-z0-9._-]+))(?::[0-9]{1,5})?")
WILDCARDS = frozenset({"0.0.0.0", "::", ""})  # noqa: S104 - names of the wildcard, not a bind


@dataclass(frozen=True)
class HostRule:
    names: frozenset[str]
    """Host names (lower case, IPv6 without brackets) the agent answers to."""
    any_address: bool
    """Also answer any IP address (the API binds every interface)."""


def host_rule(api: ApiSettings) -> HostRule:
    """Return the names the API answers to with these settings."""
    configured = api.host.strip().lower().removeprefix("[").removesuffix("]")
    if configured in WILDCARDS:
        return HostRule(names=LOOPBACK_NAMES, any_address=True)
    return HostRule(names=LOOPBACK_NAMES | {configured}, any_address=False)


def host_name(header: str) -> str | None:
    """Return the name of a ``Host`` header value (``name[:port]`` or ``[v6][:port]``), lower
    case and without brackets, or None when the value is not of that form."""
    found = _HOST.fullmatch(header.lower()) if header.isascii() else None
    return (found.group("v6") or found.group("name")) if found else None


def allowed(rule: HostRule, header: str | None) -> bool:
    """Whether a request with this ``Host`` header value may be answered."""
    name = host_name(header) if header else None
    if name is None:
        return False
    if name in rule.names:
        return True
    if not rule.any_address:
        return False
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def require_own_host(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
    """Litestar guard: refuse (400) a request whose ``Host`` is none of the agent's names."""
    rule: HostRule = connection.app.state.host_rule
    if not allowed(rule, connection.headers.get("host")):
        raise ClientException(
            detail="this agent answers only to its own host names (127.0.0.1, localhost, "
            "[::1] or api.host); the Host header named another"
        )
