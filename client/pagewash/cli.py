"""The `pagewash` command: normalize files, stdin or a JSON-lines batch through a pagewash server.

    pagewash normalize page.html other.txt      clean text of each file (a `==> name <==` header each
                                                when there are several)
    pagewash normalize --json - < page.html     one JSON object per document
    pagewash normalize --jsonl pages.jsonl -o out.jsonl
                                                stream a batch; one JSON line per request, ok or error
    pagewash health | pagewash info

Exit status: 0 all went well, 1 some document failed (or the server is not serving), 2 usage error,
3 server unreachable.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import collections
import dataclasses
import gzip
import json
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import IO, Any, TextIO, cast

import grpc

from . import Client, __version__, errors
from .types import FORMATS, Document, ErrorInfo, Request, Result

EXIT_OK = 0
EXIT_DOCUMENT_FAILED = 1
EXIT_USAGE = 2
EXIT_UNREACHABLE = 3

DEFAULT_SERVER = "127.0.0.1:50051"
SERVER_ENV = "PAGEWASH_SERVER"
TOKEN_ENV = "PAGEWASH_TOKEN"
STDIN_NAME = "-"
# The keys a JSON-lines request may carry; anything else on a line is ignored (batch files often carry
# the caller's own bookkeeping).
JSONL_KEYS = ("id", "content", "content_b64", "url", "content_type", "format", "language")


class UsageError(Exception):
    """A command line or input file the command cannot work with (exit status 2)."""


# --- argument parsing ---------------------------------------------------------------------------------


def _connection_options(defaults: bool) -> argparse.ArgumentParser:
    """--server/--timeout, accepted before and after the subcommand. The subcommand's copy has no
    defaults, so it overrides the global value only when given."""
    parser = argparse.ArgumentParser(add_help=False)
    group = parser.add_argument_group("server")
    group.add_argument(
        "--server",
        metavar="HOST:PORT",
        default=(os.environ.get(SERVER_ENV) or DEFAULT_SERVER) if defaults else argparse.SUPPRESS,
        help=f"the pagewash server (default: ${SERVER_ENV} or {DEFAULT_SERVER})",
    )
    group.add_argument(
        "--timeout",
        metavar="SECONDS",
        type=_positive_float,
        default=None if defaults else argparse.SUPPRESS,
        help="deadline of each call in seconds (default: the client's)",
    )
    for flag, metavar, text in (
        ("--token-file", "FILE", f"file holding the server's bearer token (or ${TOKEN_ENV})"),
        ("--tls-ca", "PEM", "CA bundle to verify a TLS server (implies TLS)"),
        ("--tls-cert", "PEM", "client certificate chain for mutual TLS (with --tls-key)"),
        ("--tls-key", "PEM", "private key of --tls-cert"),
    ):
        group.add_argument(flag, metavar=metavar, default=None if defaults else argparse.SUPPRESS, help=text)
    group.add_argument(
        "--tls",
        action="store_true",
        default=False if defaults else argparse.SUPPRESS,
        help="TLS with the system's CAs (plaintext unless a --tls* option is given)",
    )
    return parser


def _positive_float(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if not number > 0:
        raise argparse.ArgumentTypeError(f"must be above 0: {value!r}")
    return number


def _int_at_least(minimum: int) -> Callable[[str], int]:
    """An argparse type: a whole number no smaller than `minimum`."""

    def parse(value: str) -> int:
        try:
            number = int(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not an integer: {value!r}") from None
        if number < minimum:
            raise argparse.ArgumentTypeError(f"must be at least {minimum}: {value!r}")
        return number

    return parse


def build_parser() -> argparse.ArgumentParser:
    """The `pagewash` argument parser."""
    parser = argparse.ArgumentParser(
        prog="pagewash",
        description="Clean article text and metadata from raw web page dumps, through a pagewash server.",
        parents=[_connection_options(defaults=True)],
        epilog="Exit status: 0 ok, 1 some document failed, 2 usage error, 3 server unreachable.",
    )
    parser.add_argument("--version", action="version", version=f"pagewash {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    connection = _connection_options(defaults=False)

    normalize = commands.add_parser(
        "normalize",
        parents=[connection],
        help="normalize files, stdin or a JSON-lines batch",
        description="Print the clean text of each FILE ('-' for stdin), or stream a JSON-lines batch.",
    )
    normalize.add_argument("files", nargs="*", metavar="FILE", help="page dumps; '-' reads stdin")
    normalize.add_argument(
        "--jsonl",
        metavar="IN",
        help="batch mode: a JSON-lines file ('-' for stdin) of requests with the keys "
        + ", ".join(JSONL_KEYS)
        + " (content is text, content_b64 is base64 bytes); writes one JSON line per request",
    )
    normalize.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    normalize.add_argument(
        "--json", action="store_true", help="print one JSON object per document instead of its text"
    )
    normalize.add_argument(
        "--format", choices=FORMATS, default="auto", help="the input's format (default: auto)"
    )
    normalize.add_argument("--language", default="", help="ISO 639-1 hint (default: detect)")
    normalize.add_argument(
        "--content-type", default="", help="HTTP Content-Type of the input, may carry a charset"
    )
    normalize.add_argument("--url", default="", help="where the page came from (metadata only)")
    normalize.add_argument(
        "--window",
        type=_int_at_least(1),
        default=None,
        metavar="N",
        help="batch mode: requests in flight at once (default: the client's)",
    )
    normalize.add_argument(
        "--retries",
        type=_int_at_least(0),
        default=0,
        metavar="N",
        help="batch mode: send a document again up to N times after a retryable error (default: 0)",
    )
    normalize.add_argument(
        "--progress",
        choices=("auto", "always", "never"),
        default="auto",
        help="batch mode progress bar on stderr (default: auto, only on a terminal)",
    )

    health = commands.add_parser("health", parents=[connection], help="check that the server is serving")
    health.add_argument("--quiet", "-q", action="store_true", help="print nothing, only set the exit status")

    info = commands.add_parser("info", parents=[connection], help="show server versions, languages, limits")
    info.add_argument("--json", action="store_true", help="print the server info as JSON")
    return parser


# --- output helpers ---------------------------------------------------------------------------------


def _jsonable(value: Any) -> Any:
    """A dataclass (tree) as plain JSON values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _jsonable(dataclasses.asdict(value))
    if isinstance(value, dict):
        return {str(key): _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple | frozenset | set):
        items = [_jsonable(item) for item in value]
        return sorted(items) if isinstance(value, frozenset | set) else items
    return value


def _dump(value: Any) -> str:
    return json.dumps(_jsonable(value), ensure_ascii=False, separators=(",", ":"))


def _error_message(exc: BaseException) -> str:
    """One line for a pagewash error: its message without gRPC's multi-line debug details."""
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]


def _is_unreachable(exc: BaseException) -> bool:
    return isinstance(exc, errors.UnavailableError)


class Progress:
    """One self-redrawing status line on stderr: documents done (of the total when known), rate and
    errors. Redrawn at most ten times a second so it never slows the batch down."""

    REDRAW_SECONDS = 0.1
    BAR_WIDTH = 24

    def __init__(self, stream: TextIO, total: int | None) -> None:
        self._stream = stream
        self._total = total
        self._done = 0
        self._errors = 0
        self._started = time.monotonic()
        self._drawn_at = 0.0

    def advance(self, ok: bool) -> None:
        self._done += 1
        self._errors += not ok
        now = time.monotonic()
        if now - self._drawn_at >= self.REDRAW_SECONDS:
            self._draw(now)

    def close(self) -> None:
        self._draw(time.monotonic())
        self._stream.write("\n")
        self._stream.flush()

    def _draw(self, now: float) -> None:
        self._drawn_at = now
        elapsed = max(now - self._started, 1e-9)
        rate = self._done / elapsed
        parts = []
        if self._total:
            filled = min(self.BAR_WIDTH, self.BAR_WIDTH * self._done // self._total)
            bar = "#" * filled + "-" * (self.BAR_WIDTH - filled)
            parts.append(f"[{bar}] {self._done}/{self._total} docs")
            if rate > 0 and self._done < self._total:
                parts.append(f"ETA {_clock((self._total - self._done) / rate)}")
        else:
            parts.append(f"{self._done} docs")
        parts += [f"{rate:.1f} docs/s", f"{self._errors} errors", _clock(elapsed)]
        self._stream.write("\r\x1b[K" + "  ".join(parts))
        self._stream.flush()


def _clock(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


# --- normalize: files -------------------------------------------------------------------------------


def _read_inputs(paths: Sequence[str]) -> Iterator[tuple[str, bytes]]:
    for path in paths:
        if path == STDIN_NAME:
            yield path, sys.stdin.buffer.read()
        else:
            with _open_input(path) as handle:
                yield path, handle.read()


def _open_input(path: str) -> IO[bytes]:
    """A file for reading bytes; a `.gz` file is decompressed on the fly (page dumps are often kept so)."""
    if path.endswith(".gz"):
        return cast(IO[bytes], gzip.open(path, "rb"))
    return open(path, "rb")


def _check_input_paths(paths: Sequence[str]) -> None:
    """Fail before contacting the server when an input cannot be read."""
    if paths.count(STDIN_NAME) > 1:
        raise UsageError("'-' (stdin) can be given only once")
    for path in paths:
        if path != STDIN_NAME:
            _check_readable(path)


def _check_readable(path: str) -> None:
    """A file, device or pipe (`<(zcat pages.jsonl.gz)`) that can be read; a directory cannot."""
    if not os.path.exists(path):
        raise UsageError(f"{path}: no such file")
    if os.path.isdir(path):
        raise UsageError(f"{path}: is a directory")
    if not os.access(path, os.R_OK):
        raise UsageError(f"{path}: not readable")


def _normalize_files(client: Client, args: argparse.Namespace, out: TextIO) -> int:
    paths: list[str] = args.files or [STDIN_NAME]
    _check_input_paths(paths)
    failed = written = 0
    several = len(paths) > 1
    for path, content in _read_inputs(paths):
        try:
            document = client.normalize(
                content,
                url=args.url,
                content_type=args.content_type,
                format=args.format,
                language=args.language,
            )
        except errors.PagewashError as exc:
            if _is_unreachable(exc):
                raise
            failed += 1
            print(f"pagewash: {path}: {_error_message(exc)}", file=sys.stderr)
            continue
        _write_document(out, path, document, as_json=args.json, header=several, first=not written)
        written += 1
    return EXIT_DOCUMENT_FAILED if failed else EXIT_OK


def _write_document(
    out: TextIO, path: str, document: Document, *, as_json: bool, header: bool, first: bool
) -> None:
    if as_json:
        out.write(_dump({"source": path, **dataclasses.asdict(document)}) + "\n")
        return
    if header:
        out.write(("" if first else "\n") + f"==> {path} <==\n")
    if document.text:
        out.write(document.text.rstrip("\n") + "\n")
    else:
        print(f"pagewash: {path}: no article text found", file=sys.stderr)


# --- normalize: JSON-lines batch --------------------------------------------------------------------


class _BatchReader:
    """Turns JSON-lines requests into `Request`s lazily. A line that cannot become a request is not
    sent: its error result waits in `rejected` for the writer, so every line still gets one answer."""

    def __init__(self, lines: Iterable[bytes], defaults: argparse.Namespace) -> None:
        self._lines = lines
        self._defaults = defaults
        # Filled while normalize_many pulls requests, drained by the writer between results.
        self.rejected: collections.deque[Result] = collections.deque()
        self.lines_read = 0
        # Where each id was first seen: a repeated id would make the output ambiguous.
        self._first_line: dict[str, int] = {}

    def __iter__(self) -> Iterator[Request]:
        for number, line in enumerate(self._lines, start=1):
            self.lines_read = number
            if not line.strip():
                continue
            fallback_id = f"line-{number}"
            try:
                request = self._request(line, fallback_id)
                first = self._first_line.setdefault(request.id, number)
                if first != number:
                    raise UsageError(f"id {request.id!r} repeats line {first}")
                yield request
            except UsageError as exc:
                record_id = _line_id(line) or fallback_id
                self.rejected.append(
                    Result(
                        id=record_id,
                        error=ErrorInfo(code="INVALID_ARGUMENT", message=f"line {number}: {exc}"),
                    )
                )

    def _request(self, line: bytes, fallback_id: str) -> Request:
        try:
            record = json.loads(line)
        except UnicodeDecodeError:
            raise UsageError("not UTF-8 (JSON lines are UTF-8; send raw bytes as content_b64)") from None
        except json.JSONDecodeError as exc:
            raise UsageError(f"not valid JSON ({exc.msg} at column {exc.colno})") from None
        if not isinstance(record, dict):
            raise UsageError("not a JSON object")
        for key in JSONL_KEYS:
            if key not in record:
                continue
            if not isinstance(record[key], str):
                raise UsageError(f"{key} must be a string")
            try:
                record[key].encode("utf-8")
            except UnicodeEncodeError:  # a lone surrogate from a "\ud800" escape
                raise UsageError(f"{key} is not valid Unicode") from None
        has_text, has_b64 = "content" in record, "content_b64" in record
        if has_text == has_b64:
            raise UsageError("needs exactly one of content and content_b64")
        content_type = record.get("content_type", self._defaults.content_type)
        if has_text:
            content = record["content"].encode("utf-8")
            # The text was UTF-8 encoded here, whatever the page's own <meta charset> claims.
            if "charset=" not in content_type.lower():
                content_type = "; ".join(part for part in (content_type, "charset=utf-8") if part)
        else:
            try:
                content = base64.b64decode(record["content_b64"], validate=True)
            except (binascii.Error, ValueError):
                raise UsageError("content_b64 is not valid base64") from None
        return Request(
            id=record.get("id") or fallback_id,
            content=content,
            url=record.get("url", self._defaults.url),
            content_type=content_type,
            format=record.get("format", self._defaults.format),
            language=record.get("language", self._defaults.language),
        )


def _line_id(line: bytes) -> str:
    """The id of a line that could not become a request, when it has a usable one."""
    try:
        record = json.loads(line)
        value = record.get("id") if isinstance(record, dict) else None
        if isinstance(value, str) and value.encode("utf-8"):
            return value
    except (UnicodeError, json.JSONDecodeError):
        pass
    return ""


def _count_requests(path: str) -> int | None:
    """Non-blank lines of a regular file, the progress bar's total; None for stdin or a pipe. One extra
    sequential read, cheap beside normalizing the pages."""
    if path == STDIN_NAME or not os.path.isfile(path):
        return None
    with open(path, "rb") as handle:
        return sum(1 for line in handle if line.strip())


def _normalize_batch(client: Client, args: argparse.Namespace, out: TextIO) -> int:
    if args.files:
        raise UsageError("give either FILE arguments or --jsonl, not both")
    if args.json:
        raise UsageError("--jsonl always writes JSON lines; drop --json")
    source = args.jsonl
    if source != STDIN_NAME:
        _check_readable(source)
    # On a terminal, unless the results themselves scroll past on that terminal.
    show = args.progress == "always" or (
        args.progress == "auto" and sys.stderr.isatty() and (out is not sys.stdout or not sys.stdout.isatty())
    )
    progress = Progress(sys.stderr, _count_requests(source)) if show else None

    # Bytes: each line is decoded on its own, so one line that is not UTF-8 fails alone.
    handle: IO[bytes] = sys.stdin.buffer if source == STDIN_NAME else _open_input(source)
    failed = 0
    try:
        reader = _BatchReader(handle, args)
        stream_options: dict[str, int] = {"retries": args.retries}
        if args.window:
            stream_options["window"] = args.window

        def emit(result: Result) -> None:
            nonlocal failed
            failed += not result.ok
            out.write(
                _dump({"id": result.id, "ok": result.ok, "document": result.document, "error": result.error})
                + "\n"
            )
            if progress:
                progress.advance(result.ok)

        for result in client.normalize_many(reader, **stream_options):
            while reader.rejected:
                emit(reader.rejected.popleft())
            emit(result)
        while reader.rejected:
            emit(reader.rejected.popleft())
    finally:
        if progress:
            progress.close()
        if handle is not sys.stdin.buffer:
            handle.close()
    if failed:
        print(f"pagewash: {failed} of {reader.lines_read} requests failed", file=sys.stderr)
    return EXIT_DOCUMENT_FAILED if failed else EXIT_OK


# --- commands ---------------------------------------------------------------------------------------


def _run_normalize(client: Client, args: argparse.Namespace) -> int:
    out: TextIO = (
        open(args.output, "w", encoding="utf-8") if args.output else sys.stdout  # noqa: SIM115
    )
    try:
        if args.jsonl:
            return _normalize_batch(client, args, out)
        return _normalize_files(client, args, out)
    finally:
        if out is not sys.stdout:
            out.close()
        else:
            out.flush()


def _run_health(client: Client, args: argparse.Namespace) -> int:
    status = client.health()
    serving = _is_serving(status)
    if not args.quiet:
        print(f"{args.server}: {_status_name(status)}")
    return EXIT_OK if serving else EXIT_DOCUMENT_FAILED


def _is_serving(status: object) -> bool:
    if isinstance(status, bool):
        return status
    return _status_name(status) == "SERVING"


def _status_name(status: object) -> str:
    if isinstance(status, bool):
        return "SERVING" if status else "NOT_SERVING"
    name = getattr(status, "name", None)
    return str(name if name is not None else status)


def _run_info(client: Client, args: argparse.Namespace) -> int:
    info = client.info()
    data = _jsonable(info)
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return EXIT_OK
    if not isinstance(data, dict):
        print(data)
        return EXIT_OK
    width = max((len(key) for key in data), default=0)
    for key, value in data.items():
        if isinstance(value, dict):
            value = ", ".join(f"{name} {item}" for name, item in value.items())
        elif isinstance(value, list):
            value = " ".join(str(item) for item in value)
        print(f"{key:<{width}}  {value}")
    return EXIT_OK


def _client_options(args: argparse.Namespace) -> dict[str, Any]:
    """Client keyword arguments from the connection flags; unreadable files are usage errors."""
    options: dict[str, Any] = {}
    if args.timeout is not None:
        options["timeout"] = args.timeout
    token = (
        _read_file(args.token_file).decode("utf-8").strip() if args.token_file else os.environ.get(TOKEN_ENV)
    )
    if token:
        options["token"] = token
    if bool(args.tls_cert) != bool(args.tls_key):
        raise UsageError("--tls-cert and --tls-key go together")
    if args.tls or args.tls_ca or args.tls_cert:
        options["credentials"] = grpc.ssl_channel_credentials(
            root_certificates=_read_file(args.tls_ca) if args.tls_ca else None,
            private_key=_read_file(args.tls_key) if args.tls_key else None,
            certificate_chain=_read_file(args.tls_cert) if args.tls_cert else None,
        )
    return options


def _read_file(path: str) -> bytes:
    _check_readable(path)
    with open(path, "rb") as handle:
        return handle.read()


COMMANDS = {"normalize": _run_normalize, "health": _run_health, "info": _run_info}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the `pagewash` command; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "normalize" and args.jsonl is None and args.window is not None:
        parser.error("--window applies to --jsonl batches only")
    try:
        with Client(args.server, **_client_options(args)) as client:
            return COMMANDS[args.command](client, args)
    except UsageError as exc:
        print(f"pagewash: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except errors.PagewashError as exc:
        if _is_unreachable(exc):
            print(
                f"pagewash: error: server {args.server} unreachable: {_error_message(exc)}", file=sys.stderr
            )
            return EXIT_UNREACHABLE
        print(f"pagewash: error: {_error_message(exc)}", file=sys.stderr)
        return EXIT_DOCUMENT_FAILED
    except OSError as exc:
        if isinstance(exc, BrokenPipeError):
            # The reader went away (`| head`): stop quietly, and keep Python from complaining at exit.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return EXIT_OK
        print(
            f"pagewash: error: {exc.filename or ''}{': ' if exc.filename else ''}{exc.strerror or exc}",
            file=sys.stderr,
        )
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("pagewash: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
