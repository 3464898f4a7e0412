"""The trading core: deterministic state machines the live actors, the replay and the
backtest drive alike (issue #13)."""
