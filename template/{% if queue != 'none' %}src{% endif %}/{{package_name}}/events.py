"""Domain events: what happened here, announced to other services through the broker.

A change records its event in the outbox (`outbox.record_event`), in its own transaction,
and the relay publishes it: to a topic exchange on RabbitMQ (routing key: the event type), to
a stream on Redis (see `broker.py`). Every event travels as one JSON document, the envelope
below; `docs/events/` holds each type's JSON schema (`python -m <package>.events` writes
them; the tests keep them equal to these models). Delivery is at least once: a consumer
drops an ``id`` it has already handled.
"""

import json
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

POST_PUBLISHED = "post.published"
JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMAS_DIRECTORY = Path("docs/events")


class PostPublished(BaseModel):
    """A post became visible to everyone."""

    post_id: int
    author_id: int
    title: str
    published_at: AwareDatetime


class PostPublishedEvent(BaseModel):
    """The document a subscriber receives for `post.published`."""

    model_config = ConfigDict(title=POST_PUBLISHED)

    id: str = Field(description="Unique per event: a consumer that has seen it drops it")
    type: Literal["post.published"]
    occurred_at: AwareDatetime
    data: PostPublished


def event_document(
    event_id: str, event_type: str, occurred_at: datetime, data: dict[str, Any]
) -> bytes:
    """The envelope every event travels in, as UTF-8 JSON."""
    envelope = {
        "id": event_id,
        "type": event_type,
        "occurred_at": occurred_at.isoformat(),
        "data": data,
    }
    return json.dumps(envelope).encode()


def event_schemas() -> dict[str, dict[str, Any]]:
    """Each event type's JSON schema, by file name in `SCHEMAS_DIRECTORY`."""
    return {
        f"{POST_PUBLISHED}.schema.json": {
            "$schema": JSON_SCHEMA_DIALECT,
            **PostPublishedEvent.model_json_schema(),
        }
    }


def schema_text(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2) + "\n"


if __name__ == "__main__":
    SCHEMAS_DIRECTORY.mkdir(parents=True, exist_ok=True)
    for name, schema in event_schemas().items():
        (SCHEMAS_DIRECTORY / name).write_text(schema_text(schema))
