"""Long streams: every id answered exactly once, bad documents mixed in, bounded windows, both clients."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import AsyncIterator, Iterator

from _service_server import ServerProcess
from pagewash import AsyncClient, Client, Options, Request

SENTENCES = (
    "The committee met on Tuesday to discuss the budget for the coming year.",
    "Residents said that the new bus line would make it easier to reach the hospital.",
    "Der Ausschuss hat am Dienstag über den Haushalt für das kommende Jahr beraten.",
    "Le conseil municipal a voté la construction d'une nouvelle école dans le quartier.",
)


def _mixed_requests(count: int, seed: int) -> Iterator[tuple[Request, str]]:
    """(request, the status it must get): mostly good pages, one in seven bad in some way."""
    rng = random.Random(seed)
    for i in range(count):
        body = "\n\n".join(rng.choice(SENTENCES) for _ in range(rng.randint(1, 12)))
        kind = i % 7
        if kind == 3:
            yield Request(id=f"doc-{i}", content=b""), "INVALID_ARGUMENT"
        elif kind == 5:
            yield Request(id=f"doc-{i}", content=body.encode(), language="zz"), "INVALID_ARGUMENT"
        elif i % 211 == 0:
            bad_options = Options(length_low=-5)
            yield Request(id=f"doc-{i}", content=body.encode(), options=bad_options), "INVALID_ARGUMENT"
        elif kind == 1:
            paragraphs = body.replace("\n\n", "</p><p>")
            html = f"<html><body><div>Menu</div><article><p>{paragraphs}</p></article>"
            yield Request(id=f"doc-{i}", content=html.encode(), content_type="text/html"), "OK"
        else:
            yield Request(id=f"doc-{i}", content=body.encode("utf-16"), format="text"), "OK"


def test_a_thousand_documents_with_bad_ones_each_answered_exactly_once(client: Client) -> None:
    pairs = list(_mixed_requests(1200, seed=7))
    expected = {request.id: code for request, code in pairs}
    seen: Counter[str] = Counter()
    codes: dict[str, str] = {}
    for result in client.normalize_many((request for request, _ in pairs), window=32):
        seen[result.id] += 1
        codes[result.id] = "OK" if result.ok else result.error.code
        assert (result.document is None) != (result.error is None)
    assert set(seen) == set(expected)
    assert set(seen.values()) == {1}
    assert codes == expected


def test_window_of_one_still_answers_everything(client: Client) -> None:
    pairs = list(_mixed_requests(60, seed=11))
    results = list(client.normalize_many((r for r, _ in pairs), window=1))
    assert sorted(r.id for r in results) == sorted(r.id for r, _ in pairs)


def test_crashes_inside_a_long_stream_lose_nothing(client: Client) -> None:
    pairs = list(_mixed_requests(300, seed=3))
    requests = [request for request, _ in pairs]
    for position in (40, 150, 260):
        requests.insert(position, Request(id=f"__crash__{position}", content=b"x"))
    results = {r.id: r for r in client.normalize_many(requests, window=16)}
    assert set(results) == {r.id for r in requests}
    for position in (40, 150, 260):
        error = results[f"__crash__{position}"].error
        assert error is not None and error.code == "INTERNAL" and error.retryable
    for request, code in pairs:
        result = results[request.id]
        got = "OK" if result.ok else result.error.code
        # The message says which path failed a document, should this ever happen (seen once, not reproduced).
        assert got == code, f"{request.id}: {got} ({result.error.message if result.error else ''})"


async def test_async_client_long_stream_from_an_async_source(server: ServerProcess) -> None:
    pairs = list(_mixed_requests(1000, seed=5))
    expected = {request.id: code for request, code in pairs}

    async def source() -> AsyncIterator[Request]:
        for request, _ in pairs:
            yield request

    seen: Counter[str] = Counter()
    async with AsyncClient(server.target, timeout=60.0) as client:
        async for result in client.normalize_many(source(), window=64):
            seen[result.id] += 1
            assert ("OK" if result.ok else result.error.code) == expected[result.id]
    assert set(seen) == set(expected) and set(seen.values()) == {1}


def test_several_streams_at_once(server: ServerProcess) -> None:
    import threading

    outcomes: dict[int, list[str]] = {}

    def run(stream: int) -> None:
        with Client(server.target) as client:
            pairs = list(_mixed_requests(150, seed=100 + stream))
            outcomes[stream] = sorted(r.id for r in client.normalize_many((r for r, _ in pairs), window=8))

    threads = [threading.Thread(target=run, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert sorted(outcomes) == [0, 1, 2, 3]
    for stream, ids in outcomes.items():
        assert ids == sorted(r.id for r, _ in _mixed_requests(150, seed=100 + stream))
