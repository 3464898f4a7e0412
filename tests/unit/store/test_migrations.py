"""The migrations build exactly the models' schema, and run both ways, on every backend."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect, text

from agent.store.migrate import (
    MigrationRefused,
    current_revision,
    downgrade,
    head_revision,
    is_up_to_date,
    upgrade,
)
from agent.store.models import Base


def _drift(engine: Engine) -> list[object]:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, Base.metadata))


def test_migrations_match_the_models_with_no_autogenerate_drift(engine: Engine) -> None:
    assert _drift(engine) == []


def test_upgrade_downgrade_upgrade_round_trips(empty_engine: Engine) -> None:
    upgrade(empty_engine)
    tables = set(inspect(empty_engine).get_table_names())
    assert set(Base.metadata.tables) <= tables

    downgrade(empty_engine, "base")
    assert set(inspect(empty_engine).get_table_names()) <= {"alembic_version"}
    assert current_revision(empty_engine) is None

    upgrade(empty_engine)
    assert is_up_to_date(empty_engine)
    assert current_revision(empty_engine) == head_revision(empty_engine)
    assert _drift(empty_engine) == []


def test_upgraded_schema_accepts_the_new_values_and_still_refuses_unknown_ones(
    engine: Engine,
) -> None:
    from sqlalchemy import text
    from sqlalchemy.exc import IntegrityError

    insert = text(
        "INSERT INTO system_events (at, kind, severity, detail) "
        "VALUES ('2026-12-02 00:00:00', :kind, 'info', '{}')"
    )
    with engine.begin() as connection:
        connection.execute(insert, {"kind": "freeze_engaged"})
    with pytest.raises(IntegrityError), engine.begin() as connection:  # an unknown kind
        connection.execute(insert, {"kind": "no_such_kind"})
    order = text(
        "INSERT INTO orders (client_order_id, trade_date, code, side, order_type, purpose, "
        "quantity, price, status, filled_quantity, reason_codes, created_at, updated_at) "
        "VALUES (:cid, '2026-12-02', '005930', 'sell', :type, 'stop_loss', 1, NULL, "
        "'pending', 0, '[]', '2026-12-02 00:00:00', '2026-12-02 00:00:00')"
    )
    with engine.begin() as connection:
        connection.execute(order, {"cid": "a", "type": "best"})
    with pytest.raises(IntegrityError), engine.begin() as connection:
        connection.execute(order, {"cid": "b", "type": "limit"})  # a limit needs a price


def test_a_backstop_is_stored_with_its_trigger_and_a_stop_limit_needs_one(engine: Engine) -> None:
    from sqlalchemy.exc import IntegrityError

    stop = text(
        "INSERT INTO orders (client_order_id, trade_date, code, side, order_type, purpose, "
        "quantity, price, stop_price, status, filled_quantity, reason_codes, created_at, "
        "updated_at) VALUES (:cid, '2026-12-02', '005930', 'sell', :type, 'backstop', 10, "
        "9500, :stop, 'pending', 0, '[]', '2026-12-02 00:00:00', '2026-12-02 00:00:00')"
    )
    with engine.begin() as connection:
        connection.execute(stop, {"cid": "a", "type": "stop_limit", "stop": 9700})
        connection.execute(
            text(
                "INSERT INTO system_events (at, kind, severity, detail) "
                "VALUES ('2026-12-02 00:00:00', 'backstop_refused', 'warning', '{}')"
            )
        )
    with pytest.raises(IntegrityError), engine.begin() as connection:
        connection.execute(stop, {"cid": "b", "type": "stop_limit", "stop": None})
    with pytest.raises(IntegrityError), engine.begin() as connection:
        connection.execute(stop, {"cid": "c", "type": "limit", "stop": 9700})


def test_a_downgrade_below_backstops_is_refused_while_one_is_stored(engine: Engine) -> None:
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO orders (client_order_id, trade_date, code, side, order_type, "
                "purpose, quantity, price, stop_price, status, filled_quantity, reason_codes, "
                "created_at, updated_at) VALUES ('bs', '2026-12-02', '005930', 'sell', "
                "'stop_limit', 'backstop', 10, 9500, 9700, 'expired', 0, '[]', "
                "'2026-12-02 00:00:00', '2026-12-02 00:00:00')"
            )
        )
    with pytest.raises(Exception, match="backstop orders are stored"):
        downgrade(engine, "0007")
    assert current_revision(engine) == head_revision(engine)


_ORDER = text(
    "INSERT INTO orders (client_order_id, trade_date, code, side, order_type, purpose, "
    "quantity, price, status, filled_quantity, reason_codes, created_at, updated_at, "
    "broker_order_no) VALUES (:cid, :day, '005930', 'buy', 'limit', 'entry', 1, 10000, "
    "'accepted', 0, '[]', '2026-12-02 00:00:00', '2026-12-02 00:00:00', :number)"
)


def test_an_upgrade_refuses_orders_of_one_day_sharing_a_broker_number_naming_them(
    empty_engine: Engine,
) -> None:
    upgrade(empty_engine, "0006")
    with empty_engine.begin() as connection:
        for cid, day, number in [
            ("run-1", "2026-12-02", "0000001"),
            ("run-2", "2026-12-02", "0000001"),  # a second demo run of the same day
            ("next-day", "2026-12-03", "0000001"),  # another day: no conflict
            ("unsent-1", "2026-12-02", None),
            ("unsent-2", "2026-12-02", None),
        ]:
            connection.execute(_ORDER, {"cid": cid, "day": day, "number": number})

    with pytest.raises(MigrationRefused) as refused:
        upgrade(empty_engine)

    message = str(refused.value)
    assert "2026-12-02 number 0000001: orders 1 (run-1), 2 (run-2)" in message
    assert "UPDATE orders SET broker_order_no = NULL WHERE id IN (2)" in message
    assert "next-day" not in message
    assert current_revision(empty_engine) == "0006"
    with empty_engine.begin() as connection:  # done as the message says: the upgrade passes
        connection.execute(text("UPDATE orders SET broker_order_no = NULL WHERE id IN (2)"))
    upgrade(empty_engine)
    assert is_up_to_date(empty_engine)


def test_an_upgrade_keeps_a_populated_databases_orders_fills_and_history(
    empty_engine: Engine,
) -> None:
    """The batch rebuild of ``orders`` (SQLite) must neither be refused by the fills that
    point at it nor empty its status history."""
    upgrade(empty_engine, "0005")
    with empty_engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO orders (client_order_id, trade_date, code, side, order_type, "
                "purpose, quantity, price, status, filled_quantity, reason_codes, created_at, "
                "updated_at) VALUES ('a', '2026-12-02', '005930', 'buy', 'limit', 'entry', 10, "
                "100, 'filled', 10, '[]', '2026-12-02 00:00:00', '2026-12-02 00:00:00')"
            )
        )
        order_id = connection.execute(text("SELECT id FROM orders")).scalar_one()
        connection.execute(
            text(
                "INSERT INTO order_status_history (order_id, at, old_status, new_status, "
                "detail) VALUES (:o, '2026-12-02 00:00:00', 'pending', 'sent', '{}')"
            ),
            {"o": order_id},
        )
        connection.execute(
            text(
                "INSERT INTO fills (order_id, broker_fill_no, code, side, quantity, price, "
                "commission, tax, filled_at) VALUES (:o, 'f1', '005930', 'buy', 10, 100, 0, 0, "
                "'2026-12-02 00:00:00')"
            ),
            {"o": order_id},
        )

    upgrade(empty_engine)

    assert current_revision(empty_engine) == head_revision(empty_engine)
    with empty_engine.connect() as connection:
        counts = [
            connection.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar_one()  # noqa: S608
            for table in ("orders", "order_status_history", "fills")
        ]
        assert counts == [1, 1, 1]
        if connection.dialect.name == "sqlite":
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar_one() == 1
