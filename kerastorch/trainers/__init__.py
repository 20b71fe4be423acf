"""Training: compile / fit / evaluate / predict and the data pipeline behind them."""
