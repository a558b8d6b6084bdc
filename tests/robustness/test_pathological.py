"""The generated pathological corpus through normalize(): a Document or one of the pipeline's errors each."""

from __future__ import annotations

import gc
import socket
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from pagewash.types import Document, Options
from pagewash_server.pipeline.document import normalize
from pagewash_server.pipeline.errors import InvalidArgumentError, PipelineError

from .corpus import (
    EN,
    PIPELINE_ERRORS,
    Case,
    Expect,
    article_html,
    cases,
    check_document,
    check_expectations,
    const_bytes,
    xxe_dtd_page,
    xxe_page,
)

# Generous: a hang must fail, a slow shared machine must not. Nothing here asserts how fast a case runs.
SMALL_TIMEOUT_S = 60
BIG_TIMEOUT_S = 180
DEFAULT_BIG_RSS_BUDGET_MB = 2500

# Cases that find a bug in a pipeline module owned by someone else: case name -> "owner: what is wrong".
# They are strict xfails, so the fix flips them to XPASS and the entry must then be removed.
KNOWN_BUGS: dict[str, str] = {}
# Known hangs run in a child process killed after KNOWN_HANG_TIMEOUT_S: a hang inside C code (libxml2) cannot
# be interrupted by pytest-timeout's signal, and a short limit keeps the suite quick while they are open.
# Once fixed, a case leaves both KNOWN_BUGS and KNOWN_HANGS and runs in-process under the normal timeout.
KNOWN_HANG_TIMEOUT_S = 15
KNOWN_HANGS: frozenset[str] = frozenset()
# Cases too slow to run at all while the named known bug is open (its smaller twin above shows the bug).
BLOCKED_BY: dict[str, str] = {}
ROOT = Path(__file__).resolve().parent.parent.parent


def _params() -> Iterator[object]:
    for case in cases():
        timeout = BIG_TIMEOUT_S if case.big else SMALL_TIMEOUT_S
        if case.name in KNOWN_HANGS:
            timeout = KNOWN_HANG_TIMEOUT_S + SMALL_TIMEOUT_S
        marks: list[pytest.MarkDecorator] = [pytest.mark.timeout(timeout)]
        blocker = BLOCKED_BY.get(case.name)
        if blocker in KNOWN_BUGS:
            marks.append(pytest.mark.skip(reason=f"waits for the fix of {blocker}: {KNOWN_BUGS[blocker]}"))
        if case.name in KNOWN_BUGS:
            marks.append(pytest.mark.xfail(strict=True, reason=f"bug: {KNOWN_BUGS[case.name]}"))
        yield pytest.param(case, id=case.name, marks=marks)


class PeakRss:
    """Peak resident memory growth (MB) over a block, from Linux's VmHWM reset through clear_refs.

    Where the reset is not allowed, falls back to ru_maxrss, which can only see growth past the old peak.
    """

    def __init__(self) -> None:
        self.growth_mb = 0.0
        self._start_mb = 0.0
        self._exact = False

    @staticmethod
    def _status_mb(key: str) -> float:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1]) / 1024
        raise KeyError(key)

    def __enter__(self) -> PeakRss:
        gc.collect()
        try:
            Path("/proc/self/clear_refs").write_text("5")
            self._start_mb = self._status_mb("VmRSS")
            self._exact = True
        except OSError:
            import resource

            self._start_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        return self

    def __exit__(self, *exc: object) -> None:
        if self._exact:
            self.growth_mb = self._status_mb("VmHWM") - self._start_mb
        else:
            import resource

            self.growth_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 - self._start_mb


def run_case(case: Case, content: bytes) -> Document | None:
    """Call normalize() as the case says and check the outcome; the Document, or None for an error."""
    expect = case.expect
    try:
        doc = normalize(
            content,
            url=case.url,
            content_type=case.content_type,
            format=case.format,
            language=case.language,
            options=case.options,
            **({} if case.max_content_bytes is None else {"max_content_bytes": case.max_content_bytes}),
        )
    except PIPELINE_ERRORS as exc:
        allowed = [e.__name__ for e in expect.errors]
        assert expect.errors, f"raised {type(exc).__name__}({exc}); a Document was expected"
        assert isinstance(exc, expect.errors), (
            f"raised {type(exc).__name__}({exc}); expected one of {allowed}"
        )
        if expect.field:
            assert str(exc).startswith(f"{expect.field}:"), (
                f"error message does not name {expect.field!r}: {exc}"
            )
        return None
    except PipelineError as exc:  # a pipeline error outside the three public ones
        pytest.fail(f"unexpected pipeline error class {type(exc).__name__}: {exc}")
    assert expect.document, f"returned a Document; expected one of {[e.__name__ for e in expect.errors]}"
    check_document(doc, case.options)
    check_expectations(doc, expect)
    return doc


@pytest.mark.parametrize("case", list(_params()))
def test_pathological_case(case: Case) -> None:
    if case.name in KNOWN_HANGS:
        run_in_child(case.name, KNOWN_HANG_TIMEOUT_S)
        return
    content = case.make()
    with PeakRss() as rss:
        run_case(case, content)
    budget = case.rss_budget_mb or (DEFAULT_BIG_RSS_BUDGET_MB if case.big else 0)
    if budget:
        print(f"{case.name}: {len(content) / 2**20:.1f} MB in, peak RSS growth {rss.growth_mb:.0f} MB")
        assert rss.growth_mb < budget, f"peak RSS grew by {rss.growth_mb:.0f} MB (budget {budget} MB)"


def run_named_case(name: str) -> None:
    """Run one corpus case by name (the entry point of run_in_child)."""
    (case,) = [c for c in cases() if c.name == name]
    run_case(case, case.make())


def run_in_child(name: str, timeout_s: float) -> None:
    """Run a corpus case in a fresh interpreter; fail when it raises or is still running after `timeout_s`."""
    code = (
        "import sys; from tests.robustness.test_pathological import run_named_case as run; run(sys.argv[1])"
    )
    try:
        child = subprocess.run(
            [sys.executable, "-c", code, name], cwd=ROOT, capture_output=True, text=True, timeout=timeout_s
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"{name}: still running after {timeout_s} s (child process killed)")
    assert child.returncode == 0, f"{name} failed in the child process:\n{child.stderr[-3000:]}"


def test_case_names_are_unique() -> None:
    names = [case.name for case in cases()]
    assert len(names) == len(set(names))
    assert set(KNOWN_BUGS) <= set(names), "KNOWN_BUGS names a case that does not exist"


@pytest.mark.timeout(SMALL_TIMEOUT_S)
def test_bytes_like_content_gives_the_same_document() -> None:
    raw = article_html(EN).encode()
    reference = normalize(raw)
    for content in (bytearray(raw), memoryview(raw)):
        doc = normalize(content)
        assert doc.text == reference.text
        check_document(doc, None)


@pytest.mark.timeout(SMALL_TIMEOUT_S)
@pytest.mark.parametrize("content", ["<p>a str, not bytes</p>", None, 42, ["<p>"]])
def test_content_that_is_not_bytes_names_the_field(content: object) -> None:
    with pytest.raises(InvalidArgumentError) as info:
        normalize(content)
    assert info.value.field == "content"


@pytest.mark.timeout(SMALL_TIMEOUT_S)
def test_same_input_same_document() -> None:
    raw = article_html(EN).encode()
    first, second = normalize(raw), normalize(raw)
    assert replace(first, diagnostics=replace(first.diagnostics, elapsed_ms=0.0)) == replace(
        second, diagnostics=replace(second.diagnostics, elapsed_ms=0.0)
    )


@pytest.mark.timeout(SMALL_TIMEOUT_S)
def test_external_entities_never_read_local_files(tmp_path: Path) -> None:
    secret = "pagewash-secret-7f3a9c"
    target = tmp_path / "secret.txt"
    target.write_text(secret)
    dtd = tmp_path / "evil.dtd"
    dtd.write_text(f'<!ENTITY leak "{secret}">')
    pages = [
        xxe_page(target.as_uri()),
        xxe_page(target.as_uri(), parameter=True),
        xxe_page(dtd.as_uri(), parameter=True).replace(b"<body>", b"<body><p>&leak;</p>"),
        xxe_dtd_page(dtd.as_uri()).replace(b"<body>", b"<body><p>&leak;</p>"),
        xxe_page(str(target)),
    ]
    for page in pages:
        for fmt in ("auto", "html"):
            case = Case("xxe_local", const_bytes(page), Expect(contains=EN, absent=(secret,)), format=fmt)
            run_case(case, page)


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    """A loopback TCP port that records whether anything connected to it."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    server.setblocking(False)
    yield server
    server.close()


def _connections(server: socket.socket) -> int:
    count = 0
    while True:
        try:
            conn, _ = server.accept()
        except BlockingIOError:
            return count
        conn.close()
        count += 1


@pytest.mark.timeout(SMALL_TIMEOUT_S)
def test_external_entities_never_touch_the_network(listener: socket.socket) -> None:
    port = listener.getsockname()[1]
    url = f"http://127.0.0.1:{port}/evil"
    pages = [xxe_page(url), xxe_page(url, parameter=True), xxe_dtd_page(url + ".dtd")]
    pages.append(article_html(EN, head_extra=f'<link rel="stylesheet" href="{url}.css">').encode())
    for page in pages:
        for fmt in ("auto", "html"):
            run_case(Case("xxe_network", const_bytes(page), Expect(contains=EN), format=fmt, url=url), page)
    assert _connections(listener) == 0, "the pipeline opened a network connection"


@pytest.mark.timeout(SMALL_TIMEOUT_S)
def test_recursion_limit_is_left_alone() -> None:
    # A stage that raises the interpreter's recursion limit to survive deep trees risks a C stack overflow.
    before = sys.getrecursionlimit()
    normalize(("<html><body>" + "<div>" * 3000 + "<p>x</p>" + "</div>" * 3000 + "</body></html>").encode())
    assert sys.getrecursionlimit() == before


@pytest.mark.timeout(SMALL_TIMEOUT_S)
def test_options_with_paragraphs_off_keep_the_invariants() -> None:
    opts = Options(
        include_paragraphs=False, normalization="NFKC", uncurl_quotes=True, fix_character_width=True
    )
    doc = normalize(article_html(EN).encode(), options=opts)
    check_document(doc, opts)
    check_expectations(doc, Expect(contains=EN))
