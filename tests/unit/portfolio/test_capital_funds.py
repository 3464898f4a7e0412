"""The funds the agent can account for: the most its capital may be in a shared account."""

from __future__ import annotations

from agent.portfolio.capital import accountable_funds, unfunded_capital


def test_the_funds_count_the_cash_the_agents_working_buys_hold_at_the_broker() -> None:
    funds = accountable_funds(7_010_000, lots_cost_won=0, working_buys_won=2_990_000)

    assert funds.total_won == 10_000_000
    assert unfunded_capital(10_000_000, funds) is None


def test_the_funds_are_the_cash_the_lots_at_cost_and_the_working_buys_together() -> None:
    funds = accountable_funds(5_000_000, lots_cost_won=3_000_000, working_buys_won=1_000_000)

    assert funds.total_won == 9_000_000


def test_no_part_of_the_funds_is_negative() -> None:
    funds = accountable_funds(-250_000, lots_cost_won=1_000_000, working_buys_won=0)

    assert (funds.cash_only_won, funds.total_won) == (0, 1_000_000)


def test_a_capital_above_the_funds_is_refused_naming_the_value_and_the_funds() -> None:
    funds = accountable_funds(10_000_000, lots_cost_won=0, working_buys_won=0)

    problem = unfunded_capital(1_000_000_000, funds)

    assert problem == (
        "invalid setting risk.capital_won = 1,000,000,000: above what the account can fund "
        "without 미수 or credit (10,000,000 won: orderable cash 10,000,000 plus the agent's "
        "positions at cost 0)"
    )


def test_a_refusal_names_the_cash_the_working_buys_hold_when_there_is_some() -> None:
    funds = accountable_funds(7_000_000, lots_cost_won=0, working_buys_won=2_000_000)

    problem = unfunded_capital(10_000_000, funds)

    assert problem is not None
    assert "(9,000,000 won:" in problem
    assert "2,000,000" in problem


def test_a_capital_equal_to_the_funds_is_fundable() -> None:
    funds = accountable_funds(4_000_000, lots_cost_won=6_000_000, working_buys_won=0)

    assert unfunded_capital(10_000_000, funds) is None
