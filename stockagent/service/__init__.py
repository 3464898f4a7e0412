"""The agent as an operating-system service: a launchd agent on macOS, a systemd user unit on
Linux, restarted when it fails and left stopped when it was stopped cleanly."""
