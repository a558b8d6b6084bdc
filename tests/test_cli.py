"""The `pagewash` command run as a real process against a real server on localhost."""

from __future__ import annotations

import base64
import contextlib
import gzip
import json
import os
import re
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from pagewash.types import Diagnostics, Document, Metadata, Paragraph

SEEDS = Path(__file__).parent / "fixtures" / "seeds"
SEED_FILES = sorted(SEEDS.glob("*.txt"))
EXPECTED = json.loads((SEEDS / "expected.json").read_text(encoding="utf-8"))
START_TIMEOUT_SECONDS = 60.0
SERVER_ARGS = ("--listen", "127.0.0.1:0", "--workers", "1", "--log-level", "info", "--stats-interval", "0")
LISTENING = re.compile(r"listening on (\S+:\d+)")

ARTICLE_HTML = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Harbour works</title></head><body><nav><a href="/">Home</a> | <a href="/news">News</a></nav><article>
<h1>Harbour works begin after a long winter</h1>
<p>The harbour authority said on Monday that the repair of the old breakwater will start next week and
that the work is expected to last until the end of the summer, when the fishing boats return.</p>
<p>Residents have been asking for the repairs for years, because every storm of the past winter sent
waves over the wall and into the street where the market is held on Saturdays.</p>
</article><footer>Copyright 2024 Example Harbour News. All rights reserved.</footer></body></html>
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _cli_env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PAGEWASH_SERVER", None)
    return env


def run_cli(
    *args: str, stdin: bytes | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `pagewash ARGS` in a child process (as the console script does) and capture its output."""
    return subprocess.run(
        [sys.executable, "-m", "pagewash.cli", *args],
        input=stdin.decode("utf-8") if stdin is not None else None,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env or _cli_env(),
        timeout=120,
        check=False,
    )


@contextlib.contextmanager
def running_server(*extra_args: str) -> Iterator[str]:
    """A pagewash server with one worker process on a port of its choosing; yields its HOST:PORT."""
    process = subprocess.Popen(
        [sys.executable, "-m", "pagewash_server", *SERVER_ARGS, *extra_args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=_cli_env(),
    )
    log: list[str] = []
    address: list[str] = []
    listening = threading.Event()

    def drain() -> None:
        # Keep reading so the server never blocks on a full pipe; remember where it listens.
        assert process.stderr is not None
        for line in process.stderr:
            log.append(line)
            match = LISTENING.search(line)
            if match and not address:
                address.append(match.group(1))
                listening.set()
        listening.set()

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        if not listening.wait(START_TIMEOUT_SECONDS) or not address:
            pytest.fail("pagewash-server did not start:\n" + "".join(log))
        yield address[0]
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        reader.join(timeout=5)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with running_server() as address:
        yield address


@pytest.fixture(scope="module")
def seed_documents() -> dict[str, Document]:
    """What the in-process pipeline makes of each seed: the CLI must print exactly that."""
    from pagewash_server.pipeline.document import normalize

    return {path.name: normalize(path.read_bytes()) for path in SEED_FILES}


def test_normalize_prints_the_clean_text_of_a_seed(server: str, seed_documents: dict[str, Document]) -> None:
    seed = SEED_FILES[0]
    result = run_cli("--server", server, "normalize", str(seed))
    assert result.returncode == 0, result.stderr
    assert result.stdout == seed_documents[seed.name].text + "\n"
    body = EXPECTED[seed.name]["body"]
    assert any(paragraph in result.stdout for paragraph in body), result.stdout[:500]
    assert result.stderr == ""


def test_normalize_separates_several_documents_with_headers(
    server: str, seed_documents: dict[str, Document]
) -> None:
    result = run_cli("normalize", "--server", server, *map(str, SEED_FILES))
    assert result.returncode == 0, result.stderr
    expected = "\n".join(f"==> {path} <==\n{seed_documents[path.name].text}\n" for path in SEED_FILES)
    assert result.stdout == expected


def test_normalize_reads_stdin_and_passes_format_and_url(server: str) -> None:
    result = run_cli(
        "--server",
        server,
        "normalize",
        "--json",
        "--format",
        "html",
        "--url",
        "https://news.example/harbour",
        "-",
        stdin=ARTICLE_HTML.encode("utf-8"),
    )
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["source"] == "-"
    assert document["diagnostics"]["format"] == "html"
    assert "repair of the old breakwater" in document["text"]
    assert "All rights reserved" not in document["text"]
    assert "Home" not in document["text"].split()


def test_json_output_has_one_object_per_document_shaped_like_the_dataclasses(
    server: str, seed_documents: dict[str, Document]
) -> None:
    result = run_cli("--server", server, "normalize", "--json", *map(str, SEED_FILES))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == len(SEED_FILES)
    for path, line in zip(SEED_FILES, lines, strict=True):
        document = json.loads(line)
        assert set(document) == {"source", *Document.__dataclass_fields__}
        assert document["source"] == str(path)
        assert set(document["metadata"]) == set(Metadata.__dataclass_fields__)
        assert set(document["diagnostics"]) == set(Diagnostics.__dataclass_fields__)
        assert all(
            set(paragraph) == set(Paragraph.__dataclass_fields__) for paragraph in document["paragraphs"]
        )
        expected = seed_documents[path.name]
        assert document["text"] == expected.text
        assert document["metadata"]["sha256"] == expected.metadata.sha256
        assert document["metadata"]["language"] == EXPECTED[path.name]["language"]
        assert len(document["paragraphs"]) == len(expected.paragraphs)


def test_a_failed_document_is_reported_and_the_others_still_printed(server: str, tmp_path: Path) -> None:
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    result = run_cli("--server", server, "normalize", str(empty), str(SEED_FILES[0]))
    assert result.returncode == 1
    assert f"==> {SEED_FILES[0]} <==" in result.stdout
    assert "Traceback" not in result.stderr
    error_lines = result.stderr.strip().splitlines()
    assert len(error_lines) == 1
    assert error_lines[0].startswith(f"pagewash: {empty}: INVALID_ARGUMENT")
    assert "content" in error_lines[0]


def _batch_lines() -> tuple[list[str], dict[str, str]]:
    """A JSON-lines batch mixing good pages with lines that fail locally or on the server.

    Returns the lines and, for each id, "ok" or the error code it must come back with."""
    lines: list[str] = []
    outcome: dict[str, str] = {}
    for index in range(40):
        seed = SEED_FILES[index % len(SEED_FILES)]
        record: dict[str, str] = {"id": f"doc-{index}", "format": "text"}
        if index % 2:
            record["content"] = seed.read_text(encoding="utf-8")
        else:
            record["content_b64"] = base64.b64encode(seed.read_bytes()).decode("ascii")
        lines.append(json.dumps(record))
        outcome[record["id"]] = "ok"
    lines.insert(3, '{"id": "broken-json", "content": ')  # cut short: not JSON, so known by its line
    outcome["line-4"] = "INVALID_ARGUMENT"
    lines.insert(10, json.dumps({"id": "empty", "content": ""}))  # the server refuses empty content
    outcome["empty"] = "INVALID_ARGUMENT"
    lines.insert(20, json.dumps({"id": "bad-b64", "content_b64": "not base64!"}))
    outcome["bad-b64"] = "INVALID_ARGUMENT"
    lines.insert(25, json.dumps({"id": "bad-language", "content": ARTICLE_HTML, "language": "xx-nope"}))
    outcome["bad-language"] = "INVALID_ARGUMENT"
    lines.insert(30, "")  # blank lines are skipped, not answered
    lines.insert(31, json.dumps({"content": ARTICLE_HTML, "url": "https://news.example/a"}))  # no id
    outcome["line-32"] = "ok"
    return lines, outcome


def test_jsonl_batch_answers_every_id_exactly_once(server: str, tmp_path: Path) -> None:
    lines, outcome = _batch_lines()
    batch = tmp_path / "batch.jsonl"
    batch.write_text("\n".join(lines) + "\n", encoding="utf-8")
    output = tmp_path / "out.jsonl"

    result = run_cli(
        "--server", server, "normalize", "--jsonl", str(batch), "--output", str(output), "--window", "4"
    )

    assert result.returncode == 1, result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert "docs/s" not in result.stderr  # stderr is not a terminal here: no progress bar
    results = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
    assert sorted(r["id"] for r in results) == sorted(outcome)
    for record in results:
        expected = outcome[record["id"]]
        if expected == "ok":
            assert record["ok"] is True and record["error"] is None, record
            assert record["document"]["text"], record["id"]
        else:
            assert record["ok"] is False and record["document"] is None, record
            assert record["error"]["code"] == expected, record
            assert record["error"]["message"]
    by_id = {record["id"]: record for record in results}
    assert by_id["doc-0"]["document"]["text"] == by_id["doc-2"]["document"]["text"]  # bytes and text agree
    assert by_id["line-32"]["document"]["metadata"]["url"] == "https://news.example/a"
    assert by_id["line-4"]["error"]["message"].startswith("line 4: not valid JSON")
    failed = sum(value != "ok" for value in outcome.values())
    assert f"{failed} of" in result.stderr


def test_jsonl_from_stdin_to_stdout_with_progress_forced(server: str) -> None:
    lines = [json.dumps({"id": f"p{i}", "content": ARTICLE_HTML}) for i in range(5)]
    result = run_cli(
        "--server",
        server,
        "normalize",
        "--jsonl",
        "-",
        "--progress",
        "always",
        stdin="\n".join(lines).encode(),
    )
    assert result.returncode == 0, result.stderr
    assert sorted(json.loads(line)["id"] for line in result.stdout.splitlines()) == [
        f"p{i}" for i in range(5)
    ]
    assert "5 docs" in result.stderr and "docs/s" in result.stderr and "0 errors" in result.stderr


def test_health_reports_serving(server: str) -> None:
    result = run_cli("health", "--server", server)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"{server}: SERVING"


def test_health_reads_the_server_from_the_environment(server: str) -> None:
    result = run_cli("health", env={**_cli_env(), "PAGEWASH_SERVER": server})
    assert result.returncode == 0, result.stderr
    assert server in result.stdout


def test_info_shows_versions_and_languages(server: str) -> None:
    import pagewash

    text = run_cli("--server", server, "info")
    assert text.returncode == 0, text.stderr
    assert pagewash.__version__ in text.stdout
    as_json = run_cli("--server", server, "info", "--json")
    assert as_json.returncode == 0, as_json.stderr
    info = json.loads(as_json.stdout)
    assert info["pagewash_version"] == pagewash.__version__
    assert "en" in info["languages"]
    assert info["limits"]["max_content_bytes"] > 0


def test_unreachable_server_exits_3_with_one_clear_line() -> None:
    address = f"127.0.0.1:{_free_port()}"  # nothing listens there
    for command in (["health"], ["info"], ["normalize", str(SEED_FILES[0])]):
        result = run_cli("--server", address, "--timeout", "5", *command)
        assert result.returncode == 3, (command, result.stderr)
        assert result.stdout == ""
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, result.stderr
        assert lines[0].startswith(f"pagewash: error: server {address} unreachable"), lines[0]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "required"),
        (["normalize", "/nonexistent/page.html"], "no such file"),
        (["normalize", "--format", "pdf", "x"], "invalid choice"),
        (["normalize", "--jsonl", "/nonexistent/batch.jsonl"], "no such file"),
        (["normalize", "--window", "3", "x"], "--jsonl"),
        (["--timeout", "-1", "health"], "must be above 0"),
    ],
)
def test_usage_errors_exit_2(args: list[str], message: str) -> None:
    # Usage errors are found before any connection: no server is needed.
    result = run_cli("--server", f"127.0.0.1:{_free_port()}", *args)
    assert result.returncode == 2, result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_token_and_tls_flags(tmp_path: Path) -> None:
    token_file = tmp_path / "token"
    token_file.write_text("s3cret-token\n", encoding="utf-8")
    with running_server("--auth-token-file", str(token_file)) as address:
        allowed = run_cli(
            "--server", address, "normalize", "--token-file", str(token_file), str(SEED_FILES[0])
        )
        assert allowed.returncode == 0, allowed.stderr
        assert allowed.stdout.strip()
        from_env = run_cli("--server", address, "info", env={**_cli_env(), "PAGEWASH_TOKEN": "s3cret-token"})
        assert from_env.returncode == 0, from_env.stderr
        refused = run_cli("--server", address, "normalize", str(SEED_FILES[0]))
        assert refused.returncode == 1
        assert refused.stderr.strip().splitlines() == [refused.stderr.strip()]
        assert "UNAUTHENTICATED" in refused.stderr
    half_pair = run_cli("--server", "127.0.0.1:1", "--tls-cert", str(token_file), "health")
    assert half_pair.returncode == 2
    assert "--tls-cert and --tls-key go together" in half_pair.stderr


def test_jsonl_lines_that_are_not_unicode_fail_alone(server: str, tmp_path: Path) -> None:
    batch = tmp_path / "mixed.jsonl"
    batch.write_bytes(
        json.dumps({"id": "good", "content": ARTICLE_HTML}).encode()
        + b'\n{"id": "latin-1", "content": "caf\xe9"}\n'
        + b'{"id": "surrogate", "content": "\\ud800"}\n'
    )
    result = run_cli("--server", server, "normalize", "--jsonl", str(batch))
    assert result.returncode == 1, result.stderr
    by_id = {record["id"]: record for record in map(json.loads, result.stdout.splitlines())}
    assert set(by_id) == {"good", "line-2", "surrogate"}
    assert by_id["good"]["ok"]
    assert by_id["line-2"]["error"]["message"].startswith("line 2: not UTF-8")
    assert by_id["surrogate"]["error"]["message"] == "line 3: content is not valid Unicode"


def test_gzipped_input_is_decompressed(
    server: str, tmp_path: Path, seed_documents: dict[str, Document]
) -> None:
    seed = SEED_FILES[1]
    packed = tmp_path / (seed.name + ".gz")
    packed.write_bytes(gzip.compress(seed.read_bytes()))
    result = run_cli("--server", server, "normalize", str(packed))
    assert result.returncode == 0, result.stderr
    assert result.stdout == seed_documents[seed.name].text + "\n"
