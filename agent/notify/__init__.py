"""Notifications to the user's phone: what happened, batched, throttled and never in the way.

The agent tells a :class:`Notifier` what happened as :class:`Notice` values; the notifier
gathers them (a burst of fills is one message), keeps to a rate, and hands the messages to
apprise (Telegram, Slack, Discord, email, webhooks: one URL format per service) on a thread of
its own, so trading never waits on a phone.
"""

from agent.notify.batcher import Batcher, Message
from agent.notify.notices import Notice, NoticeKind
from agent.notify.notifier import Notifier
from agent.notify.sender import AppriseSender, Delivery, Sender

__all__ = [
    "AppriseSender",
    "Batcher",
    "Delivery",
    "Message",
    "Notice",
    "NoticeKind",
    "Notifier",
    "Sender",
]
