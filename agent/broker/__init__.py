"""The broker as the domain owns it: the port the actors call (:mod:`agent.broker.port`), the
types it speaks (market data, the account, orders, pushed events) and how its calls fail.

Kiwoom is adapted to it in one place: its client decodes the wire into these types
(:mod:`agent.kiwoom`), and the gateway's session implements the port with it.
"""
