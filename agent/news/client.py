"""The StockNews REST client: cached, batched, bounded in time, and never raising.

The scanner asks for scores on its trading path, so this client trades completeness for
predictability:

* A score younger than ``cache_ttl_s`` is served from the cache without a request.
* Missing or older codes are fetched in batches of ``batch_size`` per request, each bounded by
  ``timeout_s``.
* When the service fails (transport error, timeout, non-200 status, a body that breaks the
  contract), the error is logged and kept in :attr:`NewsClient.last_error`, and each code gets
  its cached score if it is younger than ``max_stale_s``, else None. The client then leaves the
  service alone for a backoff (1 s doubling to 30 s, on the injected clock) and serves the cache
  meanwhile, so a dead service costs the caller at most one timeout per backoff period.
* Ages are measured on the injected :class:`~agent.clock.Clock`'s monotonic time: market
  seconds, which an accelerated demo clock runs faster, like every other market delay.

The cache keeps one entry per code ever asked (at most every listed stock, a few thousand).
One owner calls it (the NewsListener actor); it is not meant to be shared between threads.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime
from types import TracebackType

import httpx
from msgspec import Struct

from agent.clock import Clock
from agent.news.cache import ScoreCache
from agent.news.contract import SCORES_PATH, ContractError, NewsScore, decode_scores
from agent.secret import mask_url_credentials
from agent.settings.components import NewsSettings

log = logging.getLogger(__name__)


class NewsServiceError(Struct, frozen=True, kw_only=True):
    """The last failure talking to StockNews (cleared by the next success)."""

    at: datetime
    message: str
    failures: int
    """Consecutive failed requests so far."""


class NewsClient:
    """Look up news scores for stock codes (see the module docstring for the failure policy)."""

    def __init__(
        self,
        settings: NewsSettings,
        clock: Clock,
        *,
        base_url: str | None = None,
        batch_size: int = 50,
        timeout_s: float = 2.0,
        max_stale_s: float = 600.0,
        retry_initial_s: float = 1.0,
        retry_max_s: float = 30.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        url = base_url or settings.stocknews_url
        if not url:
            raise ValueError("no StockNews URL: set [news] stocknews_url or pass base_url")
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        self._clock = clock
        self._ttl = settings.cache_ttl_s
        self._max_stale = max(max_stale_s, settings.cache_ttl_s)
        self._batch_size = batch_size
        self._timeout_s = timeout_s
        self._retry_initial = retry_initial_s
        self._retry_max = retry_max_s
        self._http = httpx.Client(
            base_url=url.rstrip("/"), timeout=httpx.Timeout(timeout_s), transport=transport
        )
        self._cache = ScoreCache()
        self._failures = 0
        self._quiet_until = float("-inf")
        self.last_error: NewsServiceError | None = None
        self.requests = 0
        """HTTP requests sent (tests and snapshots read it)."""

    def scores(self, codes: Iterable[str]) -> dict[str, NewsScore | None]:
        """Return each code's score; None for a code the service does not know or cannot serve.

        Never raises for a service failure: see the module docstring.
        """
        now = self._clock.monotonic()
        result: dict[str, NewsScore | None] = {}
        missing: list[str] = []
        for code in dict.fromkeys(codes):
            entry = self._cache.get(code, now, self._ttl)
            if entry is None:
                missing.append(code)
            else:
                result[code] = entry.value
        for start in range(0, len(missing), self._batch_size):
            batch = missing[start : start + self._batch_size]
            fetched = self._fetch(batch)
            for code in batch:
                if fetched is None:
                    stale = self._cache.get(code, now, self._max_stale)
                    result[code] = None if stale is None else stale.value
                else:
                    value = fetched.get(code)
                    self._cache.put(code, value, now)
                    result[code] = value
        return result

    def _fetch(self, batch: list[str]) -> dict[str, NewsScore] | None:
        """Return the service's rows for ``batch`` by code, or None if it failed (or rests)."""
        if self._clock.monotonic() < self._quiet_until:
            return None
        self.requests += 1
        body = None
        error = ""
        try:
            response = self._http.get(SCORES_PATH, params={"codes": ",".join(batch)})
            if response.status_code == httpx.codes.OK:
                body = decode_scores(response.content)
            else:
                error = f"HTTP {response.status_code}"
        except httpx.TimeoutException:
            error = f"no answer within {self._timeout_s:g} s"
        except httpx.HTTPError as exc:
            error = f"{type(exc).__name__}: {exc}"
        except ContractError as exc:
            error = str(exc)
        except Exception as exc:  # the trading path must never see a news failure
            log.exception("unexpected error from the StockNews client")
            error = f"{type(exc).__name__}: {exc}"
        if body is None:
            self._failed(error)
            return None
        self._recovered()
        wanted = set(batch)
        return {row.code: row for row in body.scores if row.code in wanted}

    def _failed(self, message: str) -> None:
        message = mask_url_credentials(message)
        self._failures += 1
        delay = min(self._retry_max, self._retry_initial * 2 ** (self._failures - 1))
        self._quiet_until = self._clock.monotonic() + delay
        self.last_error = NewsServiceError(
            at=self._clock.now(), message=message, failures=self._failures
        )
        log.warning(
            "StockNews scores failed (%s, %d in a row); serving cached scores, next try in %g s",
            message,
            self._failures,
            delay,
        )

    def _recovered(self) -> None:
        if self._failures:
            log.info("StockNews scores answer again after %d failures", self._failures)
        self._failures = 0
        self._quiet_until = float("-inf")
        self.last_error = None

    def close(self) -> None:
        """Close the HTTP connection pool."""
        self._http.close()

    def __enter__(self) -> NewsClient:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()
