"""Serve the built dashboard (``ui/``, built into ``web/static/``) at ``/``.

Files are served from the build; any other path that is not the API's (``/api``, ``/ws``,
``/schema``) gets ``index.html`` so the dashboard's own router handles deep links like
``/trades``. Without a build, ``/`` says how to make one. The routes stay out of the OpenAPI
document: they are not part of the API's contract.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path

from litestar import Response, Router, get
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import File

STATIC_DIR = Path(__file__).with_name("static")
RESERVED = ("api", "ws", "schema")
NOT_BUILT = """<!doctype html>
<html lang="en"><meta charset="utf-8"><title>StockAgent</title>
<body>
<h1>StockAgent</h1>
<p>The agent and its API are running, but the dashboard has not been built.</p>
<p>Build it with <code>make ui</code> (needs Node 20 or newer), or run <code>make demo</code>,
which builds it when its sources changed. The API answers under <code>/api/v1</code>.</p>
</body></html>
"""


def dashboard_router(static_dir: Path = STATIC_DIR) -> Router:
    """Return the router serving ``static_dir`` at ``/`` with the single-page-app fallback."""
    root = static_dir.resolve()

    def _serve(path: str) -> Response[str] | File:
        parts = [part for part in path.split("/") if part]
        if (parts and parts[0] in RESERVED) or "\x00" in path:
            raise NotFoundException()  # the API's, or a name no file or route has
        index = root / "index.html"
        if not index.is_file():
            return Response(NOT_BUILT, media_type="text/html", status_code=200)
        candidate = _existing(root, parts) if parts else index
        if candidate is not None:
            # Vite names assets by content hash, so a cached copy can never be stale.
            immutable = candidate.parent == root / "assets"
            return _file(
                candidate, "public, max-age=31536000, immutable" if immutable else "no-cache"
            )
        if parts and "." in parts[-1]:
            raise NotFoundException()  # a missing file, not a route of the dashboard
        return _file(index, "no-cache")

    @get("/", include_in_schema=False, sync_to_thread=False)
    def serve_index() -> Response[str] | File:
        return _serve("")

    @get("/{path:path}", include_in_schema=False, sync_to_thread=False)
    def serve_path(path: FromPath[Path]) -> Response[str] | File:
        return _serve(path.as_posix())

    return Router(path="/", route_handlers=[serve_index, serve_path], include_in_schema=False)


def _existing(root: Path, parts: list[str]) -> Path | None:
    """Return the build's file at ``parts``, or None: missing, outside the build, or a name the
    file system refuses (too long)."""
    try:
        candidate = root.joinpath(*parts).resolve()
        return candidate if candidate.is_relative_to(root) and candidate.is_file() else None
    except OSError:
        return None


def _file(path: Path, cache_control: str) -> File:
    media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return File(
        path=path,
        media_type=media_type,
        content_disposition_type="inline",
        headers={"Cache-Control": cache_control},
    )
