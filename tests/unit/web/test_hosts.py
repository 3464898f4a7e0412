"""Which ``Host`` headers the API answers (DNS rebinding): its own names only, any port."""

from __future__ import annotations

import pytest

from agent.settings import ApiSettings
from web.hosts import allowed, host_name, host_rule

LOOPBACK = host_rule(ApiSettings())


@pytest.mark.parametrize(
    ("header", "name"),
    [
        ("127.0.0.1:8000", "127.0.0.1"),
        ("LOCALHOST", "localhost"),
        ("[::1]:8000", "::1"),
        ("[::1]", "::1"),
        ("nas.local:443", "nas.local"),
    ],
)
def test_the_name_is_read_without_port_brackets_or_case(header: str, name: str) -> None:
    assert host_name(header) == name


@pytest.mark.parametrize(
    "header",
    [
        "",
        ":8000",
        "::1",
        "[::1",
        "a b",
        "evil@127.0.0.1",
        "127.0.0.1:80a",
        "127.0.0.1:123456",
        "ｌocalhost",
    ],
)
def test_a_malformed_host_header_has_no_name(header: str) -> None:
    assert host_name(header) is None


@pytest.mark.parametrize(
    "header", ["127.0.0.1:8000", "localhost:5173", "localhost", "[::1]:8000", "LocalHost:1"]
)
def test_the_loopback_names_are_answered_on_any_port(header: str) -> None:
    assert allowed(LOOPBACK, header)


@pytest.mark.parametrize(
    "header",
    [
        None,
        "",
        "evil.example",
        "localhost.evil.example:8000",
        "127.0.0.1.nip.io:8000",
        "localhost.",
        "10.0.0.5:8000",
        "[fe80::1]:8000",
    ],
)
def test_any_other_host_is_refused_on_a_loopback_bind(header: str | None) -> None:
    assert not allowed(LOOPBACK, header)


def test_a_configured_address_or_name_is_answered_too() -> None:
    by_address = host_rule(ApiSettings(host="192.168.0.7", allow_remote=True))
    by_name = host_rule(ApiSettings(host="NAS.local", allow_remote=True))

    assert allowed(by_address, "192.168.0.7:8000")
    assert not allowed(by_address, "192.168.0.8:8000")
    assert allowed(by_name, "nas.local:8000")
    assert allowed(by_name, "localhost:8000")
    assert not allowed(by_name, "evil.example:8000")


@pytest.mark.parametrize("bind", ["0.0.0.0", "::", "[::]"])  # noqa: S104 - the rule, no bind
def test_a_wildcard_bind_answers_any_address_but_no_other_name(bind: str) -> None:
    rule = host_rule(ApiSettings(host=bind, allow_remote=True))

    assert allowed(rule, "192.168.0.7:8000")
    assert allowed(rule, "[2001:db8::7]:8000")
    assert allowed(rule, "localhost:8000")
    assert not allowed(rule, "nas.local:8000")
    assert not allowed(rule, "evil.example:8000")
