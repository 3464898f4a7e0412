"""Route pykka's own log records into the app's logging.

pykka's logger has only a ``NullHandler``: with nothing else configured, an actor killed by an
exception in a tell dies without a word. This makes those records reach the app's handlers.
"""

from __future__ import annotations

import logging


def configure_pykka_logging(
    *, level: int = logging.WARNING, handler: logging.Handler | None = None
) -> logging.Logger:
    """Make the ``pykka`` logger emit ``level`` and above through the app's logging.

    Records propagate to the root logger, where the app's handlers are. ``handler`` is added
    to the ``pykka`` logger as well when given. If neither the root nor ``pykka`` has a real
    handler, a stderr handler is attached so that crashes are never silent. ``WARNING`` is
    the default level: pykka logs every exception returned to an asking caller at ``INFO``,
    which would repeat each business error already handled by the caller.
    """
    pykka_logger = logging.getLogger("pykka")
    pykka_logger.setLevel(level)
    pykka_logger.propagate = True
    if handler is not None and handler not in pykka_logger.handlers:
        pykka_logger.addHandler(handler)
    if not _has_real_handler(pykka_logger) and not _has_real_handler(logging.getLogger()):
        fallback = logging.StreamHandler()
        fallback.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
        pykka_logger.addHandler(fallback)
    return pykka_logger


def _has_real_handler(logger: logging.Logger) -> bool:
    return any(not isinstance(h, logging.NullHandler) for h in logger.handlers)
