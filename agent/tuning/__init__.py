"""Parameter tuning: optuna searches the settings' space with backtests through the one core."""
