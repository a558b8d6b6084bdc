"""The server's log never holds page content: not at info, not even at debug (which adds request ids only).

Pages, urls and content types carry a marker; the requests cover every path a document can take (a
document, a refusal for each kind of bad input, a deadline kill, a worker crash), so that any log line
written on the way - by pagewash, gRPC, lxml, Python's warnings - would be seen here.
"""

from __future__ import annotations

import gzip

import pytest
from _service_server import ServerProcess
from pagewash import Client, Options, Request

MARKER = "zqxjmarkerkv"
ID_MARKER = "idmarkerqz"


def _requests() -> list[Request]:
    prose = f"The committee met on Tuesday to discuss the {MARKER} budget for the coming year."
    html = f"<html><head><title>{MARKER}</title></head><body><article><p>{prose}</p></article></body></html>"
    return [
        Request(id=f"{ID_MARKER}-html", content=html.encode(), url=f"https://{MARKER}.example/a"),
        Request(id=f"{ID_MARKER}-text", content=prose.encode(), content_type=f"text/plain; charset={MARKER}"),
        Request(id=f"{ID_MARKER}-utf16", content=html.encode("utf-16")),
        Request(
            id=f"{ID_MARKER}-binary", content=b"\x89PNG\r\n\x1a\n\x00" + MARKER.encode() + bytes(range(256))
        ),
        Request(id=f"{ID_MARKER}-gzip", content=gzip.compress(html.encode())),
        Request(id=f"{ID_MARKER}-language", content=prose.encode(), language=MARKER[:2] + "x"),
        Request(id=f"{ID_MARKER}-format", content=prose.encode(), format=MARKER),
        Request(id=f"{ID_MARKER}-options", content=prose.encode(), options=Options(normalization=MARKER)),
        Request(id=f"{ID_MARKER}-large", content=(prose + " ").encode() * 30_000),
        Request(
            id=f"{ID_MARKER}-entity", content=f'<!DOCTYPE x [<!ENTITY e "{MARKER}">]><p>&e;</p>'.encode()
        ),
        Request(id="__crash__" + ID_MARKER, content=html.encode()),
        Request(id="__sleep__:5#" + ID_MARKER, content=html.encode()),
    ]


@pytest.mark.parametrize("level", ["info", "debug"])
def test_page_content_never_reaches_the_log(level: str) -> None:
    server = ServerProcess(
        "--workers",
        "1",
        "--log-level",
        level,
        "--stats-interval",
        "0.2",
        "--doc-timeout",
        "1",
        "--max-content-bytes",
        "1000000",
        env={"PAGEWASH_TEST_HOOKS": "1"},
    )
    try:
        with Client(server.target, timeout=60.0) as client:
            results = {r.id: r for r in client.normalize_many(_requests(), window=4)}
            assert len(results) == len(_requests())
            assert results[f"{ID_MARKER}-html"].ok  # the marker did go through the pipeline
            assert MARKER in results[f"{ID_MARKER}-html"].document.text  # type: ignore[union-attr]
            codes = {request_id: r.error.code for request_id, r in results.items() if r.error}
            assert codes["__crash__" + ID_MARKER] == "INTERNAL"
            assert codes["__sleep__:5#" + ID_MARKER] == "DEADLINE_EXCEEDED"
            assert codes[f"{ID_MARKER}-large"] == "RESOURCE_EXHAUSTED"
            client.normalize(f"<p>{MARKER} unary</p>".encode(), url=f"https://{MARKER}.example/")
    finally:
        server.stop()
    log = server.log
    assert "summary:" in log and "stopped:" in log  # the log was written, with its counters
    assert "died unexpectedly" in log and "document limit" in log
    assert MARKER not in log, [line for line in log.splitlines() if MARKER in line]
    if level == "debug":
        assert f"id='{ID_MARKER}-html'" in log  # one line per document, by id
    else:
        assert ID_MARKER not in log
