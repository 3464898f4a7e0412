"""The agent's own holdings in a shared account: lots, their day P&L and capital."""
