"""Coverage-guided long fuzzing of normalize() with atheris (libFuzzer); CI runs the hypothesis targets.

    .venv/bin/pip install atheris    # wheels for CPython 3.11 on x86-64 Linux; not a declared extra
    .venv/bin/python bench/fuzz_atheris.py --write-seeds fuzz-seeds   # small corpus cases as starting inputs
    .venv/bin/python bench/fuzz_atheris.py fuzz-seeds -max_len=65536 -timeout=30 -rss_limit_mb=4096 -jobs=2

The first 8 bytes of each input pick the call's arguments (format, content type, language hint, a few
options); the rest is the page. normalize() must return a Document that keeps the invariants in
tests/robustness/corpus.py or raise one of the pipeline's three errors; anything else is a crash that
libFuzzer saves as crash-<sha1> for replay (`python bench/fuzz_atheris.py crash-<sha1>`).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

try:
    import atheris
except ImportError:  # pragma: no cover - atheris is optional
    sys.exit("atheris is not installed: .venv/bin/pip install atheris")

with atheris.instrument_imports():
    from pagewash.types import Options
    from pagewash_server.pipeline.document import normalize

    from tests.robustness.corpus import PIPELINE_ERRORS, cases, check_document

HEADER_BYTES = 8
FORMATS = ["auto", "html", "text", "auto"]
CONTENT_TYPES = [
    "",
    "text/html",
    "text/html; charset=utf-8",
    "text/html; charset=windows-1252",
    "text/html; charset=utf-16",
    "text/html; charset=shift_jis",
    "text/plain; charset=koi8-r",
    "text/html; charset=bogus",
]
LANGUAGES = ["", "en", "de", "ru", "zh", "ar", ""]
NORMALIZATIONS = ["NFC", "NFKC", "", "NFC"]
SEED_CASE_LIMIT_BYTES = 256 * 1024


def split_input(data: bytes) -> tuple[bytes, str, str, str, Options]:
    """The first HEADER_BYTES pick the call's arguments (all zero: the defaults); the rest is the page."""
    head = data[:HEADER_BYTES].ljust(HEADER_BYTES, b"\0")
    options = Options(
        include_paragraphs=not head[3] & 1,
        normalization=NORMALIZATIONS[head[4] % len(NORMALIZATIONS)],
        length_low=70 if head[5] == 0 else head[5] % 100,
        length_high=200 if head[6] == 0 else 100 + head[6],
    )
    return (
        data[HEADER_BYTES:],
        FORMATS[head[0] % len(FORMATS)],
        CONTENT_TYPES[head[1] % len(CONTENT_TYPES)],
        LANGUAGES[head[2] % len(LANGUAGES)],
        options,
    )


def test_one_input(data: bytes) -> None:
    content, fmt, content_type, language, options = split_input(data)
    try:
        doc = normalize(content, content_type=content_type, format=fmt, language=language, options=options)
    except PIPELINE_ERRORS:
        return
    check_document(doc, options)


def write_seeds(directory: Path) -> int:
    """Write the corpus's small cases as seed inputs (a zero header picks the defaults), return how many."""
    directory.mkdir(parents=True, exist_ok=True)
    written = 0
    for case in cases():
        if case.big:
            continue
        content = case.make()
        if 0 < len(content) <= SEED_CASE_LIMIT_BYTES:
            (directory / case.name).write_bytes(bytes(HEADER_BYTES) + content)
            written += 1
    return written


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--write-seeds":
        print(f"wrote {write_seeds(Path(sys.argv[2]))} seed inputs to {sys.argv[2]}")
        return
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
