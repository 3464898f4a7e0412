"""Print the effective settings as TOML or JSON with every secret masked."""

from __future__ import annotations

import json
from typing import Any

import msgspec

from agent.secret import MASK, Secret, mask_url_credentials
from agent.settings.components import Settings


def settings_as_dict(settings: Settings) -> dict[str, Any]:
    """Return the settings as plain data, secrets and URL passwords replaced by ``***``."""
    data: dict[str, Any] = msgspec.to_builtins(settings, enc_hook=_encode_custom)
    for section, key in (("database", "url"), ("redis", "url"), ("tuning", "storage")):
        url = data[section].get(key)
        if url:
            data[section][key] = mask_url_credentials(url)
    return data


def render_settings(settings: Settings, as_json: bool = False) -> str:
    """Render the effective settings for ``stockagent config show``."""
    data = settings_as_dict(settings)
    if as_json:
        return json.dumps(data, indent=2, ensure_ascii=False)
    top = [
        f"{key} = {_toml_value(value)}"
        for key, value in data.items()
        if not isinstance(value, dict)
    ]
    lines = [*top]
    for key, value in data.items():
        if isinstance(value, dict):
            lines.append("")
            lines.append(f"[{key}]")
            for name, item in value.items():
                if item is None:
                    lines.append(f"# {name} is unset")
                else:
                    lines.append(f"{name} = {_toml_value(item)}")
    return "\n".join(lines)


def _toml_value(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _encode_custom(value: Any) -> Any:
    if isinstance(value, Secret):
        return MASK
    raise NotImplementedError(f"cannot encode {type(value)!r}")
