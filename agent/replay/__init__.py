"""The replay of a journaled day through the trading core (issue #13)."""
