"""The bench scripts import their siblings by bare name (``from soak_figures import ...``), as
``python bench/soak.py`` finds them; their tests find them the same way."""

from __future__ import annotations

import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[3] / "bench"
if str(BENCH) not in sys.path:
    sys.path.insert(0, str(BENCH))
