"""What is registered on the realtime socket, per group, so a reconnect can restore it."""

from __future__ import annotations

from collections import defaultdict

import msgspec

# Types delivered for the token's account or the whole market: registered with item "".
ITEMLESS_TYPES = frozenset({"00", "04", "0s", "1h"})


class RegData(msgspec.Struct, frozen=True):
    item: list[str]
    type: list[str]


class RegFrame(msgspec.Struct, frozen=True, omit_defaults=True):
    """A REG or REMOVE frame (``refresh`` only on REG)."""

    trnm: str
    grp_no: str
    data: list[RegData]
    refresh: str | None = None


class Registry:
    """Registered (item, type) pairs per group number."""

    def __init__(self) -> None:
        self._groups: dict[str, set[tuple[str, str]]] = defaultdict(set)

    def add(self, grp_no: str, items: list[str], types: list[str], *, refresh: bool) -> None:
        """Record a REG; ``refresh=False`` replaces the group's registrations like the server."""
        if not refresh:
            self._groups[grp_no].clear()
        self._groups[grp_no] |= {(item, kind) for kind in types for item in _items(items, kind)}

    def remove(self, grp_no: str, items: list[str], types: list[str]) -> None:
        """Record a REMOVE."""
        pairs = {(item, kind) for kind in types for item in _items(items, kind)}
        self._groups[grp_no] -= pairs

    def pairs(self, grp_no: str) -> set[tuple[str, str]]:
        return set(self._groups.get(grp_no, set()))

    def frames(self, max_items: int) -> list[RegFrame]:
        """REG frames that restore everything, at most ``max_items`` items per frame."""
        frames: list[RegFrame] = []
        for grp_no, pairs in sorted(self._groups.items()):
            by_type: dict[str, list[str]] = defaultdict(list)
            for item, kind in sorted(pairs):
                by_type[kind].append(item)
            for kind, items in sorted(by_type.items()):
                for start in range(0, len(items), max_items):
                    data = [RegData(item=items[start : start + max_items], type=[kind])]
                    frames.append(RegFrame(trnm="REG", grp_no=grp_no, refresh="1", data=data))
        return frames


def _items(items: list[str], kind: str) -> list[str]:
    return [""] if kind in ITEMLESS_TYPES else items


def reg_frames(
    trnm: str, grp_no: str, items: list[str], types: list[str], *, refresh: bool, max_items: int
) -> list[RegFrame]:
    """Frames for one REG/REMOVE call, split so no frame carries more than ``max_items`` items.

    Item-less types (00, 04, 0s, 1h) go in their own frame with ``item: [""]``. Only the first
    REG frame may carry ``refresh "0"`` (replace); the rest keep what the first registered.
    """
    itemless = [t for t in types if t in ITEMLESS_TYPES]
    itemized = [t for t in types if t not in ITEMLESS_TYPES]
    datas: list[RegData] = []
    if itemized:
        datas += [
            RegData(item=items[start : start + max_items], type=itemized)
            for start in range(0, len(items), max_items)
        ]
    if itemless:
        datas.append(RegData(item=[""], type=itemless))
    frames: list[RegFrame] = []
    for index, data in enumerate(datas):
        flag = None if trnm != "REG" else ("0" if not refresh and index == 0 else "1")
        frames.append(RegFrame(trnm=trnm, grp_no=grp_no, data=[data], refresh=flag))
    return frames
