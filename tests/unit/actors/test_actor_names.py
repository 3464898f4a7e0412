"""No actor shadows pykka's private machinery (a method named ``_stop`` once kept actors alive)."""

from __future__ import annotations

import inspect

import pykka
import pytest

from actors.account.actor import Account
from actors.gateway.actor import Gateway
from actors.news.actor import NewsListener
from actors.recorder.actor import Recorder
from actors.risk.actor import RiskGovernor
from actors.router.actor import OrderRouter
from actors.scanner.actor import Scanner
from actors.scheduler.actor import Scheduler
from actors.stock.actor import StockActor
from actors.supervision import SupervisedActor

PYKKA_PRIVATE = {
    name
    for name, _ in inspect.getmembers(pykka.ThreadingActor)
    if name.startswith("_") and not name.startswith("__")
}
# The supervision base class overrides this one on purpose (and is tested for it).
INTENDED = {"_handle_receive", "_abc_impl"}


@pytest.mark.parametrize(
    "actor",
    [
        Account,
        Gateway,
        NewsListener,
        Recorder,
        RiskGovernor,
        OrderRouter,
        Scanner,
        Scheduler,
        StockActor,
    ],
)
def test_an_actor_defines_no_method_with_a_pykka_private_name(actor: type) -> None:
    own = {
        name
        for klass in actor.__mro__
        if issubclass(klass, SupervisedActor) and klass is not SupervisedActor
        for name in vars(klass)
    }

    assert own & (PYKKA_PRIVATE - INTENDED) == set()
