"""Print the effective settings as TOML or JSON with every secret masked, and where each
value comes from when the origins are given."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import msgspec

from agent.secret import MASK, Secret, mask_url_credentials
from agent.settings.components import Settings
from agent.settings.layers import DEFAULT, Origin

ORIGINS_HEADER = (
    "# Each value's origin, strongest first: override (changed while the agent ran and stored;\n"
    "# `stockagent config reset KEY` drops it), env NAME, file PATH, default."
)


def settings_as_dict(settings: Settings) -> dict[str, Any]:
    """Return the settings as plain data, secrets and URL passwords replaced by ``***``."""
    data: dict[str, Any] = msgspec.to_builtins(settings, enc_hook=_encode_custom)
    for section, key in (("database", "url"), ("redis", "url"), ("tuning", "storage")):
        url = data[section].get(key)
        if url:
            data[section][key] = mask_url_credentials(url)
    return data


def render_settings(
    settings: Settings, as_json: bool = False, origins: Mapping[str, Origin] | None = None
) -> str:
    """Render the effective settings for ``stockagent config show``; with ``origins`` (dotted
    name to origin, absent: the default) each value says where it comes from: a TOML comment,
    or in JSON an ``origins`` object beside the sections."""
    data = settings_as_dict(settings)
    if as_json:
        if origins is not None:
            data["origins"] = {
                dotted: msgspec.to_builtins(origins.get(dotted, DEFAULT))
                for dotted in _dotted_names(data)
            }
        return json.dumps(data, indent=2, ensure_ascii=False)

    def line(dotted: str, name: str, value: Any) -> str:
        origin = "" if origins is None else str(origins.get(dotted, DEFAULT))
        if value is None:
            return f"# {name} is unset ({origin})" if origin else f"# {name} is unset"
        text = f"{name} = {_toml_value(value)}"
        return f"{text}  # {origin}" if origin else text

    lines = [ORIGINS_HEADER] if origins is not None else []
    lines += [line(key, key, value) for key, value in data.items() if not isinstance(value, dict)]
    for key, value in data.items():
        if isinstance(value, dict):
            lines.append("")
            lines.append(f"[{key}]")
            lines += [line(f"{key}.{name}", name, item) for name, item in value.items()]
    return "\n".join(lines)


def _dotted_names(data: Mapping[str, Any]) -> list[str]:
    return [
        f"{key}.{name}" if isinstance(value, dict) else key
        for key, value in data.items()
        for name in (value if isinstance(value, dict) else [key])
    ]


def _toml_value(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _encode_custom(value: Any) -> Any:
    if isinstance(value, Secret):
        return MASK
    raise NotImplementedError(f"cannot encode {type(value)!r}")
