"""Unary and stream round trips through a real server, sync and async clients, health, info and reflection."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from dataclasses import replace

import grpc
import pytest
from _service_server import ServerProcess
from google.protobuf import descriptor_pool
from grpc_reflection.v1alpha.proto_reflection_descriptor_database import ProtoReflectionDescriptorDatabase
from pagewash import AsyncClient, Client, Document, Options, Request
from pagewash_server.pipeline import normalize


def _same_as_in_process(document: Document, content: bytes, **kwargs: object) -> None:
    local = normalize(content, **kwargs)
    # Processing time is the only field allowed to differ between two runs of the pipeline.
    assert replace(document, diagnostics=replace(document.diagnostics, elapsed_ms=0.0)) == replace(
        local, diagnostics=replace(local.diagnostics, elapsed_ms=0.0)
    )


def _check_expected(document: Document, truth: dict[str, object]) -> None:
    kept = [p.text for p in document.paragraphs if p.kept]
    body = truth["body"]
    assert isinstance(body, list)
    for paragraph in body:
        assert paragraph in kept
    allowed = set(body) | set(truth.get("optional", []))  # type: ignore[call-overload]
    assert [text for text in kept if text not in allowed] == []
    assert document.diagnostics.format == truth["format"]
    assert document.metadata.language == truth["language"]


def test_unary_seeds_match_in_process_pipeline_and_expected_body(
    client: Client, seeds: list[tuple[str, bytes, dict[str, object]]]
) -> None:
    for _name, content, truth in seeds:
        document = client.normalize(content)
        _same_as_in_process(document, content)
        _check_expected(document, truth)
        assert document.text == "\n\n".join(p.text for p in document.paragraphs if p.kept)
        assert document.metadata.title == truth["title"]


def test_stream_seeds_come_back_with_their_ids(
    client: Client, seeds: list[tuple[str, bytes, dict[str, object]]]
) -> None:
    requests = [Request(id=name, content=content) for name, content, _ in seeds]
    results = {r.id: r for r in client.normalize_many(requests, window=2)}
    assert set(results) == {name for name, _, _ in seeds}
    for name, content, truth in seeds:
        document = results[name].document
        assert document is not None and results[name].ok
        _same_as_in_process(document, content)
        _check_expected(document, truth)


def test_request_fields_and_options_reach_the_pipeline(client: Client) -> None:
    page = (
        b"<html><head><title>Budget</title></head><body><p>The committee met on Tuesday to discuss the"
        b" budget, and the members agreed that the plan should go ahead after a long debate.</p>"
        b"</body></html>"
    )
    options = Options(include_paragraphs=False, normalization="NFKC", length_low=10, length_high=50)
    document = client.normalize(
        page,
        url="https://example.org/a",
        content_type="text/html; charset=utf-8",
        format="html",
        language="en",
        options=options,
    )
    assert document.paragraphs == ()
    assert document.diagnostics.format == "html"
    assert document.diagnostics.language_source == "hint"
    _same_as_in_process(
        document,
        page,
        url="https://example.org/a",
        content_type="text/html; charset=utf-8",
        format="html",
        language="en",
        options=options,
    )


def test_dict_requests_and_assigned_ids(client: Client) -> None:
    requests = [{"content": "plain text as a str, sent as UTF-8"}, {"content": b"bytes", "id": "mine"}]
    results = sorted(client.normalize_many(requests), key=lambda r: r.id)
    assert [r.id for r in results] == ["0", "mine"]
    assert all(r.ok for r in results)
    with pytest.raises(ValueError, match="unknown request keys: colour"):
        list(client.normalize_many([{"content": b"x", "colour": "red"}]))
    with pytest.raises(ValueError, match="already in flight"):
        list(client.normalize_many([Request(id="a", content=b"x"), Request(id="a", content=b"y")]))


def test_health_info_and_reflection(server: ServerProcess, client: Client) -> None:
    assert client.health() == "SERVING"
    assert client.health("pagewash.v1.Normalizer") == "SERVING"
    info = client.info()
    assert info.pagewash_version and info.ftfy_version and info.justext_version and info.lxml_version
    assert "en" in info.languages and "de" in info.languages
    assert info.limits.max_content_bytes == 2_000_000
    assert info.limits.max_message_bytes == 4_000_000
    assert info.limits.workers == 2
    assert info.limits.document_timeout_seconds == 20.0

    with grpc.insecure_channel(server.target) as channel:
        database = ProtoReflectionDescriptorDatabase(channel)
        services = set(database.get_services())
        assert {"pagewash.v1.Normalizer", "grpc.health.v1.Health"} <= services
        pool = descriptor_pool.DescriptorPool(database)
        normalizer = pool.FindServiceByName("pagewash.v1.Normalizer")
        assert {m.name for m in normalizer.methods} == {"Normalize", "NormalizeStream", "GetServerInfo"}
        stream = normalizer.methods_by_name["NormalizeStream"]
        assert stream.client_streaming and stream.server_streaming
        assert (
            pool.FindMessageTypeByName("pagewash.v1.NormalizeRequest").fields_by_name["content"].number == 2
        )


def test_health_of_an_unknown_service_is_not_found(client: Client) -> None:
    from pagewash import errors

    with pytest.raises(errors.RequestError) as caught:
        client.health("no.such.Service")
    assert caught.value.code == "NOT_FOUND"


async def test_async_client_twins_the_sync_one(
    server: ServerProcess, seeds: list[tuple[str, bytes, dict[str, object]]]
) -> None:
    async with AsyncClient(server.target, timeout=60.0) as client:
        assert await client.health() == "SERVING"
        assert (await client.info()).limits.workers == 2
        name, content, truth = seeds[0]
        document = await client.normalize(content)
        _check_expected(document, truth)

        async def requests() -> AsyncIterator[Request]:
            for i in range(40):
                yield Request(id=f"async-{i}", content=content if i % 2 else b"")
                await asyncio.sleep(0)

        results = [r async for r in client.normalize_many(requests(), window=8)]
        assert sorted(r.id for r in results) == sorted(f"async-{i}" for i in range(40))
        for result in results:
            number = int(result.id.split("-")[1])
            if number % 2:
                assert result.document is not None and result.document.text == document.text
            else:
                assert result.error is not None and result.error.code == "INVALID_ARGUMENT"

        sync_source: Iterator[dict[str, object]] = iter([{"content": content, "id": name}])
        assert [r.id async for r in client.normalize_many(sync_source)] == [name]
        # Method for method, the twins offer the same public surface.
        public = {n for n in dir(Client) if not n.startswith("_")}
        assert public == {n for n in dir(AsyncClient) if not n.startswith("_")}


@pytest.fixture(scope="module")
def in_process_server() -> Iterator[ServerProcess]:
    proc = ServerProcess("--workers", "0")
    yield proc
    proc.stop()


def test_workers_zero_runs_the_pipeline_in_process(
    in_process_server: ServerProcess, seeds: list[tuple[str, bytes, dict[str, object]]]
) -> None:
    with Client(in_process_server.target, timeout=60.0) as client:
        assert client.info().limits.workers == 0
        for _name, content, truth in seeds:
            document = client.normalize(content)
            _same_as_in_process(document, content)
            _check_expected(document, truth)
        results = list(client.normalize_many([{"content": b""}, {"content": seeds[0][1]}]))
        assert sorted(r.ok for r in results) == [False, True]


@pytest.mark.parametrize(
    ("ring_mib", "through_ring"), [("8", 8), ("0", 0)], ids=["shared-ring", "socket-only"]
)
def test_large_pages_go_through_the_workers_shared_ring_and_match_the_pipeline(
    ring_mib: str, through_ring: int
) -> None:
    # 16 KiB and more: the front writes the page into the worker's shared memory; smaller ones take the
    # socket. Both kinds, unary and streamed, must give what the pipeline gives in-process.
    paragraph = (
        b"<p>The committee met on Tuesday to discuss the budget for the coming year and its schools.</p>"
    )
    pages = [
        b"<html><body><article>" + paragraph * count + b"</article></body></html>" for count in (3, 400, 4000)
    ]
    server = ServerProcess("--workers", "2", "--shared-ring-mib", ring_mib)
    try:
        with Client(server.target, timeout=60.0) as client:
            for page in pages:
                _same_as_in_process(client.normalize(page), page)
            streamed = list(
                client.normalize_many([{"id": str(i), "content": p} for i, p in enumerate(pages * 3)])
            )
            assert sorted(int(r.id) for r in streamed if r.ok) == list(range(9))  # in completion order
            for result in streamed:
                assert result.document is not None
                _same_as_in_process(result.document, pages[int(result.id) % 3])
    finally:
        server.stop()
    stopped = [line for line in server.log.splitlines() if "stopped:" in line]
    # 2 unary + 6 streamed large pages through the ring; none with --shared-ring-mib 0
    assert stopped and f"through-shared-ring={through_ring} " in stopped[0] + " ", stopped
