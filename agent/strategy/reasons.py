"""Reason codes of the scanner and the entry rule, each with the line the UI shows for it.

Every decision carries the codes of every rule it checked, passed or failed, so a rejected
candidate says why and the learning data can tell which rule mattered. Codes are stable strings
(stored with intents and decisions); add new ones rather than renaming.
"""

from __future__ import annotations

from enum import StrEnum


class Reason(StrEnum):
    """A rule's outcome; ``Reason.X.description`` is one line for the UI."""

    description: str

    def __new__(cls, value: str, description: str = "") -> Reason:
        member = str.__new__(cls, value)
        member._value_ = value
        member.description = description
        return member

    # Time window
    IN_WINDOW = "IN_WINDOW", "Inside the strategy's entry window"
    OUT_OF_WINDOW = "OUT_OF_WINDOW", "Outside the strategy's entry window"
    STRATEGY_DISABLED = "STRATEGY_DISABLED", "New entries are switched off in the settings"

    # Turnover leadership and the scanner's ranking
    TURNOVER_TOP = "TURNOVER_TOP", "Among the top N by turnover (on the watch list)"
    NOT_WATCHED = "NOT_WATCHED", "Not on the watch list of turnover leaders"
    TURNOVER_RANK_LOW = "TURNOVER_RANK_LOW", "Turnover rank too far down to be considered"
    BELOW_CUTOFF = "BELOW_CUTOFF", "Eligible, but others ranked ahead of it for the top N"
    VOLUME_SURGE = "VOLUME_SURGE", "On the volume-surge ranking (boosted)"
    GAINER = "GAINER", "On the top-gainers ranking (boosted)"

    # News
    NEWS_SCORE_OK = "NEWS_SCORE_OK", "News score at or above the threshold"
    NEWS_SCORE_LOW = "NEWS_SCORE_LOW", "News score below the threshold"
    NEWS_MISSING = "NEWS_MISSING", "No news score for this stock yet"
    NEWS_NOT_REQUIRED = "NEWS_NOT_REQUIRED", "News rule switched off"

    # Change over the previous close
    CHANGE_OK = "CHANGE_OK", "Change over the previous close within the allowed range"
    CHANGE_TOO_LOW = "CHANGE_TOO_LOW", "Change over the previous close below the minimum"
    CHANGE_TOO_HIGH = "CHANGE_TOO_HIGH", "Change over the previous close above the maximum"
    CHANGE_UNKNOWN = "CHANGE_UNKNOWN", "Previous close or last price not known yet"

    # Opening-range breakout
    OR_BREAKOUT = "OR_BREAKOUT", "Price above the opening-range high"
    OR_NOT_BROKEN = "OR_NOT_BROKEN", "Price at or below the opening-range high"
    OR_INCOMPLETE = "OR_INCOMPLETE", "Opening range not complete yet, or no trade in it"
    BREAKOUT_NOT_REQUIRED = "BREAKOUT_NOT_REQUIRED", "Breakout rule switched off"

    # VWAP
    ABOVE_VWAP = "ABOVE_VWAP", "Price above the VWAP"
    BELOW_VWAP = "BELOW_VWAP", "Price at or below the VWAP"
    VWAP_UNKNOWN = "VWAP_UNKNOWN", "No trades yet, so no VWAP"
    VWAP_NOT_REQUIRED = "VWAP_NOT_REQUIRED", "VWAP rule switched off"

    # Volume against the previous day
    VOLUME_RATIO_OK = "VOLUME_RATIO_OK", "Volume vs the previous day at or above the minimum"
    VOLUME_RATIO_LOW = "VOLUME_RATIO_LOW", "Volume vs the previous day below the minimum"
    VOLUME_RATIO_UNKNOWN = "VOLUME_RATIO_UNKNOWN", "Previous day's volume not known yet"

    # Trading state and position
    NO_PRICE = "NO_PRICE", "No trade seen yet"
    VI_CLEAR = "VI_CLEAR", "Not in a volatility interruption"
    VI_ACTIVE = "VI_ACTIVE", "In a volatility interruption (single-price auction)"
    NOT_HELD = "NOT_HELD", "No position and entries left for today"
    ALREADY_HELD = "ALREADY_HELD", "A position in this stock is already open"
    ALREADY_ENTERED = "ALREADY_ENTERED", "Already entered this stock today"


def describe(code: str) -> str:
    """Return the UI line of a reason code, or the code itself if it is not one of ours."""
    try:
        return Reason(code).description
    except ValueError:
        return code
