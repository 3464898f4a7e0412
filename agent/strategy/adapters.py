"""Kiwoom ranking rows -> the scanner's :class:`RankEntry`. Pure functions.

The units already match; this only renames and keeps the list order:

* ``rate_bp`` (등락율 ``flu_rt``, ``"+29.86"`` -> 2986) becomes ``change_bps``.
* ``surge_rate_bp`` (ka10023 급증률 ``sdnin_rt``, the volume *increase* over the reference
  period as a percent: ``"+1000.00"`` -> 100000 bp) becomes ``surge_bps`` as it is; it is not
  converted to a ratio (that would be 110000 bp of one). The scanner uses list membership only.
* ``turnover_won`` is already won: the client multiplies ``trde_prica`` (백만원) by a million.
* ``price`` is the magnitude of ``cur_prc`` (Kiwoom's leading sign is a direction marker).

Rows are kept in the TR's order, which is the ranking order :func:`~agent.strategy.scan` reads;
rows without a code (padding in a short page) are dropped.
"""

from __future__ import annotations

from collections.abc import Iterable

from agent.broker.market import RankedStock
from agent.strategy.scanner import RankEntry


def rank_entry(row: RankedStock) -> RankEntry:
    """Return the scanner's view of one ranking row."""
    return RankEntry(
        code=row.code,
        name=row.name,
        price=row.price,
        change_bps=row.rate_bp,
        volume=row.volume,
        turnover_won=row.turnover_won,
        prev_volume=row.prev_volume,
        surge_bps=row.surge_rate_bp,
    )


def rank_entries(rows: Iterable[RankedStock]) -> list[RankEntry]:
    """Return ``rows`` as scanner entries in ranking order, skipping rows without a code."""
    return [rank_entry(row) for row in rows if row.code]
