"""What the relay hands over for each outbox row, and to whom: a job becomes a Dramatiq
message on the jobs queue, an event a JSON document for the event publisher."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Self

import dramatiq

from .broker import EventPublisher, create_broker
from .events import event_document


@dataclass(frozen=True)
class Outlets:
    jobs: dramatiq.Broker
    queue: str
    events: EventPublisher

    @classmethod
    def open(cls, broker_url: str, queue: str, events_topic: str) -> Self:
        return cls(create_broker(broker_url), queue, EventPublisher(broker_url, events_topic))

    def hand_over(
        self, row_id: str, kind: str, name: str, payload: dict[str, Any], created_at: datetime
    ) -> None:
        """Give one outbox row to the broker; raises if the broker did not take it."""
        if kind == "event":
            self.events.publish(name, row_id, event_document(row_id, name, created_at, payload))
            return
        message: dramatiq.Message[None] = dramatiq.Message(
            queue_name=self.queue,
            actor_name=name,
            args=(),
            kwargs={**payload, "key": row_id},
            options={},
            message_id=row_id,
        )
        self.jobs.enqueue(message)

    def close(self) -> None:
        self.jobs.close()
        self.events.close()
