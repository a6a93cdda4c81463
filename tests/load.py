"""A small closed-loop HTTP/1.1 load driver: N keep-alive connections, each sending its next
request as soon as the previous answer is read, for a fixed time. Counts every status."""

from __future__ import annotations

import asyncio
import itertools
import threading
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Self


class PeriodicSampler:
    """Calls `sample` every ``interval`` seconds in a thread while the `with` block runs."""

    interval = 1.0

    def __init__(self) -> None:
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self.started_at = 0.0

    def __enter__(self) -> Self:
        self.started_at = time.monotonic()
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.sample()

    def sample(self) -> None:
        raise NotImplementedError


@dataclass
class LoadResult:
    statuses: Counter[int] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)

    @property
    def requests(self) -> int:
        return sum(self.statuses.values())


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bool]:
    """The status of one response (its body read and dropped), and whether the server keeps
    the connection open."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {k.strip().lower(): v.strip() for k, _, v in (ln.partition(":") for ln in lines[1:])}
    if headers.get("transfer-encoding", "").lower() == "chunked":
        while size := int((await reader.readuntil(b"\r\n")).split(b";")[0], 16):
            await reader.readexactly(size + 2)
        await reader.readuntil(b"\r\n")
    else:
        await reader.readexactly(int(headers.get("content-length", "0")))
    return status, headers.get("connection", "").lower() != "close"


async def _connection(
    host: str, port: int, requests: Sequence[bytes], deadline: float, result: LoadResult
) -> None:
    writer: asyncio.StreamWriter | None = None
    for request in itertools.cycle(requests):
        if time.monotonic() >= deadline:
            break
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection(host, port)
            writer.write(request)
            await writer.drain()
            status, keep_alive = await asyncio.wait_for(_read_response(reader), timeout=30)
            result.statuses[status] += 1
            if not keep_alive:
                writer.close()
                writer = None
        except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError) as error:
            result.errors[type(error).__name__] += 1
            if writer is not None:
                writer.close()
            writer = None
    if writer is not None:
        writer.close()


def run_load(
    host: str,
    port: int,
    paths: Sequence[str],
    headers: dict[str, str],
    connections: int,
    seconds: float,
) -> LoadResult:
    """GET ``paths`` in turn over ``connections`` keep-alive connections for ``seconds``."""
    extra = "".join(f"{name}: {value}\r\n" for name, value in headers.items())
    requests = [
        f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\n{extra}\r\n".encode() for path in paths
    ]
    result = LoadResult()

    async def main() -> None:
        deadline = time.monotonic() + seconds
        # Each connection starts at a different request, so the mix is even from the start.
        rotations = [[*requests[i:], *requests[:i]] for i in range(len(requests))]
        await asyncio.gather(
            *(
                _connection(host, port, rotations[i % len(rotations)], deadline, result)
                for i in range(connections)
            )
        )

    asyncio.run(main())
    return result
