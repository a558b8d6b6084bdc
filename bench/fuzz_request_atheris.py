"""Coverage-guided fuzzing of the request path with atheris: the bytes a worker receives, through run_job.

A worker gets each request as raw bytes, exactly as the caller sent them (the front never parses them), and
`run_job` must turn any bytes into one answer: a status byte and a `NormalizeResponse`. This target feeds it
arbitrary bytes; half the inputs are first shaped into a well-formed `NormalizeRequest` (fields and options
drawn from the input) so the fuzzer gets past the protobuf parser into the argument checks and the pipeline.
tests/service/test_request_fuzz.py runs the same contract against a real server in CI; this is for long runs:

    .venv/bin/pip install atheris    # wheels for CPython 3.11 on x86-64 Linux; not a declared extra
    .venv/bin/python bench/fuzz_request_atheris.py -max_total_time=600 -timeout=30 -rss_limit_mb=4096
    .venv/bin/python bench/fuzz_request_atheris.py crash-<sha1>     # replay a saved failure

Checked for every input: run_job returns instead of raising; the status byte is OK or a request fault
(INVALID_ARGUMENT with the field in front of its message, RESOURCE_EXHAUSTED), never INTERNAL; the body
parses; a parsed request's id is echoed; an OK answer carries no status and consistent counts.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "client"))
sys.path.insert(0, str(ROOT / "server"))

try:
    import atheris
except ImportError:  # pragma: no cover - atheris is optional
    sys.exit("atheris is not installed: .venv/bin/pip install atheris")

with atheris.instrument_imports():
    from google.protobuf.message import DecodeError
    from pagewash.v1 import normalizer_pb2 as pb
    from pagewash_server.service import JobSettings, run_job

SETTINGS = JobSettings(max_content_bytes=1_000_000, max_message_bytes=4_000_000)
OK, INVALID_ARGUMENT, RESOURCE_EXHAUSTED = 0, 3, 8
NAMES_A_FIELD = re.compile(r"^[a-z_]+(\.[a-z_]+)?: \S")
FORMATS = ["", "auto", "html", "text", "pdf", "HTML"]
LANGUAGES = ["", "en", "de", "ru", "zh", "ar", "zz", "en-US"]
CONTENT_TYPES = [
    "",
    "text/html",
    "text/html; charset=utf-16",
    "text/plain; charset=koi8-r",
    "text/html; charset=x",
]
NORMALIZATIONS = ["", "NFC", "NFKC", "NFD", "NFKD", "nfc", "X"]


def shaped_request(provider: atheris.FuzzedDataProvider) -> bytes:
    """A well-formed request whose fields and options come from the input; the rest of it is the page."""
    message = pb.NormalizeRequest(
        id=provider.ConsumeUnicodeNoSurrogates(provider.ConsumeIntInRange(0, 32)),
        url=provider.ConsumeUnicodeNoSurrogates(provider.ConsumeIntInRange(0, 64)),
        content_type=provider.PickValueInList(CONTENT_TYPES),
        format=provider.PickValueInList(FORMATS),
        language=provider.PickValueInList(LANGUAGES),
    )
    if provider.ConsumeBool():
        options = message.options
        if provider.ConsumeBool():
            options.include_paragraphs = provider.ConsumeBool()
        if provider.ConsumeBool():
            options.normalization = provider.PickValueInList(NORMALIZATIONS)
        if provider.ConsumeBool():
            options.length_low = provider.ConsumeIntInRange(-(2**31), 2**31 - 1)
        if provider.ConsumeBool():
            options.length_high = provider.ConsumeIntInRange(-(2**31), 2**31 - 1)
        if provider.ConsumeBool():
            options.stopwords_low = provider.ConsumeRegularFloat()
        if provider.ConsumeBool():
            options.stopwords_high = provider.ConsumeFloat()
        if provider.ConsumeBool():
            options.max_link_density = provider.ConsumeFloat()
        if provider.ConsumeBool():
            options.max_heading_distance = provider.ConsumeIntInRange(-(2**31), 2**31 - 1)
    message.content = provider.ConsumeBytes(provider.remaining_bytes())
    return message.SerializeToString()


def test_one_input(data: bytes) -> None:
    payload = shaped_request(atheris.FuzzedDataProvider(data[1:])) if data[:1] == b"\x01" else data[1:]
    answer = run_job(payload, SETTINGS)
    code = answer[0]
    response = pb.NormalizeResponse.FromString(answer[1:])
    try:
        sent_id: str | None = pb.NormalizeRequest.FromString(payload).id
    except DecodeError:
        sent_id = None
    if code == OK:
        assert response.status.code == 0 and not response.status.message, response.status
        assert response.metadata.char_count == len(response.text)
        assert sent_id is not None and response.id == sent_id
        return
    assert code in (INVALID_ARGUMENT, RESOURCE_EXHAUSTED), f"status {code}: {response.status.message}"
    assert response.status.code == code and response.status.message and not response.status.retryable
    if code == INVALID_ARGUMENT:
        assert NAMES_A_FIELD.match(response.status.message), response.status.message
    if sent_id is not None:
        assert response.id == sent_id


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
