"""simple_one_for_one: one template spec, children added and removed at runtime by key.

The WatchSupervisor is one: the Scanner asks it to start a StockActor per watched stock code
and to stop the ones that fell out. Each child is registered as ``"<template id>/<key>"``
(``stock/005930``), restarted one for one, and forgotten once it stops for good.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from actors.supervision.children import ChildRecord
from actors.supervision.context import SupervisionContext
from actors.supervision.errors import ChildAlreadyStarted
from actors.supervision.lifecycle import Trigger
from actors.supervision.link import ChildLink
from actors.supervision.spec import ChildSpec, SupervisorFlags
from actors.supervision.supervisor import Supervisor


def dynamic_child_id(template_id: str, key: str) -> str:
    """Return the registry id of the dynamic child started with ``key`` (``stock/005930``)."""
    return f"{template_id}/{key}"


class DynamicSupervisor(Supervisor):
    """A ``simple_one_for_one`` supervisor of children made from one template spec."""

    dynamic: ClassVar[bool] = True

    def __init__(
        self,
        link: ChildLink | None,
        *,
        id: str,
        flags: SupervisorFlags,
        children: Sequence[ChildSpec],
        context: SupervisionContext,
    ) -> None:
        if len(children) != 1:
            raise ValueError("simple_one_for_one takes exactly one template child spec")
        super().__init__(link, id=id, flags=flags, children=children, context=context)
        self._template = children[0]

    def start_child(self, key: str, *args: Any) -> str:
        """Start a child as ``template.factory(link, *args)`` under ``key``; return its id.

        Raises :class:`ChildAlreadyStarted` if ``key`` is supervised here already, and
        :class:`StartFailed` if the child cannot start (not counted as a restart, as in OTP).
        """
        child_id = dynamic_child_id(self._template.id, key)
        if child_id in self._children:
            raise ChildAlreadyStarted(child_id)
        record = ChildRecord(id=child_id, spec=self._template, key=key, args=args)
        self._start(record)
        self._children[child_id] = record
        self._order.append(child_id)
        return child_id

    def terminate_child(self, key: str) -> bool:
        """Stop the child started under ``key`` and forget it; False if there is none."""
        record = self._children.get(dynamic_child_id(self._template.id, key))
        if record is None:
            return False
        self._terminate(record, Trigger.TERMINATE)
        self._forget(record)
        return True
