"""``backtest --report FILE``: one self-contained HTML file with the span's charts.

The equity curve (cumulative realised P&L after each closed trade), its drawdown, the P&L per
pattern as bars, and the tables of patterns and days. The charts are inline SVG drawn here: the
file loads nothing from anywhere and runs no script.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from agent.backtest.span import SpanResult

WIDTH, HEIGHT, PAD = 760, 220, 40
STYLE = """
body { font: 14px system-ui, sans-serif; margin: 2em auto; max-width: 820px; color: #222; }
table { border-collapse: collapse; margin: 1em 0; }
td, th { border: 1px solid #ccc; padding: 2px 8px; text-align: right; }
td:first-child, th:first-child { text-align: left; }
figure { margin: 1em 0; } figcaption { font-weight: 600; }
svg { width: 100%; height: auto; background: #fafafa; }
"""
"""The report's one style sheet, inline: the dashboard's Content-Security-Policy allows exactly
this text by its hash (``web.headers``), since the report opens under the dashboard's policy."""


def _polyline(values: Sequence[int], low: int, high: int, colour: str) -> str:
    if not values:
        return ""
    span = max(high - low, 1)
    step = (WIDTH - 2 * PAD) / max(len(values) - 1, 1)
    points = " ".join(
        f"{PAD + i * step:.1f},{HEIGHT - PAD - (v - low) / span * (HEIGHT - 2 * PAD):.1f}"
        for i, v in enumerate(values)
    )
    return f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{points}"/>'


def _line_chart(title: str, values: Sequence[int], colour: str) -> str:
    series = [0, *values]
    low, high = min(series), max(series)
    zero_y = HEIGHT - PAD - (0 - low) / max(high - low, 1) * (HEIGHT - 2 * PAD)
    return (
        f"<figure><figcaption>{escape(title)}</figcaption>"
        f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(title)}">'
        f'<line x1="{PAD}" x2="{WIDTH - PAD}" y1="{zero_y:.1f}" y2="{zero_y:.1f}" stroke="#bbb"/>'
        f'<text x="4" y="{PAD}" font-size="11">{high:+,}</text>'
        f'<text x="4" y="{HEIGHT - PAD}" font-size="11">{low:+,}</text>'
        f"{_polyline(series, low, high, colour)}</svg></figure>"
    )


def _bar_chart(title: str, rows: Sequence[tuple[str, int]]) -> str:
    if not rows:
        return f"<p>{escape(title)}: no trades.</p>"
    top = max(abs(v) for _, v in rows) or 1
    height = 22 * len(rows) + 10
    middle = WIDTH / 2
    bars = []
    for i, (label, value) in enumerate(rows):
        length = abs(value) / top * (WIDTH / 2 - 160)
        x = middle if value >= 0 else middle - length
        colour = "#2a7" if value >= 0 else "#c33"
        y = 5 + i * 22
        bars.append(
            f'<rect x="{x:.1f}" y="{y}" width="{length:.1f}" height="16" fill="{colour}"/>'
            f'<text x="4" y="{y + 12}" font-size="11">{escape(label)}</text>'
            f'<text x="{WIDTH - 4}" y="{y + 12}" font-size="11" text-anchor="end">'
            f"{value:+,}</text>"
        )
    return (
        f"<figure><figcaption>{escape(title)}</figcaption>"
        f'<svg viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{escape(title)}">'
        f"{''.join(bars)}</svg></figure>"
    )


def _table(head: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    header = "".join(f"<th>{escape(h)}</th>" for h in head)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(str(c))}</td>" for c in row) + "</tr>" for row in rows
    )
    return f"<table><thead><tr>{header}</tr></thead><tbody>{body}</tbody></table>"


def render_html(result: SpanResult) -> str:
    """Return the report of ``result`` as one HTML document."""
    s = result.summary
    patterns = _table(
        (
            "pattern",
            "trades",
            "win rate",
            "avg return",
            "per trade won",
            "P&L won",
            "profit factor",
        ),
        [
            (
                p.pattern,
                p.trades,
                f"{p.win_rate_bps / 100:.1f}%",
                f"{p.avg_return_bps / 100:+.2f}%",
                f"{p.expectancy_won:+,}",
                f"{p.realized_pnl:+,}",
                "-" if p.profit_factor is None else f"{p.profit_factor:.2f}",
            )
            for p in result.patterns
        ],
    )
    days = _table(
        ("day", "seed", "trades", "P&L won", "approved", "rejected", "orders"),
        [
            (
                d.trading_date.isoformat(),
                d.seed,
                d.summary.trades,
                f"{d.summary.realized_pnl:+,}",
                d.approved,
                d.rejected,
                d.orders,
            )
            for d in result.days
        ],
    )
    skipped = "".join(f"<li>{escape(day)}: {escape(why)}</li>" for day, why in result.skipped)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>StockAgent backtest {escape(result.span)}</title>
<style>{STYLE}</style></head><body>
<h1>Backtest {escape(result.source)} {escape(result.span)}</h1>
<p>{len(result.days)} days run; {s.trades} trades, {s.wins} won
({s.win_rate_bps / 100:.1f}%); realised P&amp;L {s.realized_pnl:+,} won (commission
{s.commission:,}, tax {s.tax:,}); max drawdown {s.max_drawdown:,} won.</p>
<p>Fill model: {escape(result.fill_model)}.</p>
{
        _line_chart(
            "Equity: cumulative realised P&L (won) after each trade",
            [p.equity for p in result.equity],
            "#25c",
        )
    }
{_line_chart("Drawdown from the running peak (won)", [p.drawdown for p in result.equity], "#c33")}
{
        _bar_chart(
            "P&L per pattern (entry bucket, exit reason)",
            [(p.pattern, p.realized_pnl) for p in result.patterns],
        )
    }
<h2>Patterns</h2>{patterns}
<h2>Days</h2>{days}
{f"<h2>Not run</h2><ul>{skipped}</ul>" if skipped else ""}
</body></html>
"""
