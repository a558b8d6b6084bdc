"""Tests for the body fingerprints: SHA-256 and the 64-bit simhash."""

from __future__ import annotations

import hashlib
import os
import random
import re
import subprocess
import sys

import pytest
from pagewash_server.pipeline import fingerprint
from pagewash_server.pipeline.fingerprint import hamming_distance, sha256_hex, simhash64

ARTICLE = """\
The Millbrook public library reopened on Saturday after an eighteen month renovation that doubled its
reading space and added a workshop where residents can borrow tools, sewing machines and a small
three dimensional printer.

More than four hundred people queued outside before the doors opened at nine. Children were the first
to reach the new picture book corner, which now sits under a skylight that the architects salvaged
from the original 1912 building.

The project cost just over six million dollars. Most of the money came from a bond approved by voters
three years ago, with the rest raised by a friends group that sold engraved bricks for the front path.

Head librarian Dolores Fenwick said the busiest part of the old building had always been the cramped
study tables near the periodicals. The new floor plan moves them to a quiet room on the second storey
and leaves the ground floor for events, the tool library and a cafe run by a local bakery.

Not everyone welcomed the changes. A petition signed by about sixty residents asked the board to keep
the card catalogue cabinets, which had stood in the lobby for more than a century. The cabinets were
restored and now hold seed packets that anyone can take home for free.

The library will stay open until ten in the evening on weekdays through the summer, two hours later
than before. Staff expect the longer hours to draw students preparing for exams as well as shift
workers who could never visit during the day.

A ribbon cutting ceremony with the mayor is planned for next month, once the garden behind the
building has been planted.
"""

UNRELATED = """\
Engineers at the regional water authority have begun replacing a section of pipeline that burst during
the cold snap in January, leaving several villages without running water for nearly a week.

The new pipe is made of ductile iron and will be laid about a metre deeper than the old one, below the
level where the ground froze. Work is expected to continue until the end of autumn, with temporary
traffic lights on the main road while crews dig along the verge.

Residents affected by the outage can claim compensation through a form on the authority's website.
So far more than two thousand households have applied, and the first payments were sent out last week.

Farmers in the valley have asked for a second connection so that livestock troughs do not run dry if
the line fails again. The authority said it would study the request but warned that a parallel main
would double the cost of the project.
"""


def test_sha256_is_the_hash_of_the_utf8_bytes() -> None:
    assert sha256_hex("") == hashlib.sha256(b"").hexdigest()
    assert sha256_hex("héllo wörld") == hashlib.sha256("héllo wörld".encode()).hexdigest()
    assert len(sha256_hex(ARTICLE)) == 64


def test_simhash_of_text_without_words_is_zero() -> None:
    assert simhash64("") == 0
    assert simhash64("   \n\t ") == 0
    assert simhash64("... --- !!!") == 0


def test_simhash_is_an_unsigned_64_bit_integer() -> None:
    for text in (ARTICLE, UNRELATED, "one", "two words", "three little words"):
        value = simhash64(text)
        assert 0 <= value < 2**64
    assert simhash64("one") != simhash64("two")


def test_simhash_ignores_case_and_punctuation_between_words() -> None:
    assert simhash64(ARTICLE.upper()) == simhash64(ARTICLE)
    assert simhash64(ARTICLE.replace(",", "").replace(".", " ")) == simhash64(ARTICLE)


def test_near_duplicate_with_different_chrome_lands_within_a_few_bits() -> None:
    lines = ARTICLE.splitlines()
    # Other navigation and widgets around the same article, and its short last line cut off.
    with_other_chrome = "\n".join(
        [
            "Home > News > Local",
            "Share this article",
            *lines[:-1],
            "Most popular",
            "Sign up for our newsletter",
        ]
    )
    assert with_other_chrome != ARTICLE
    assert hamming_distance(simhash64(ARTICLE), simhash64(with_other_chrome)) <= 6


def test_unrelated_texts_are_far_apart() -> None:
    assert hamming_distance(simhash64(ARTICLE), simhash64(UNRELATED)) >= 20


def test_simhash_is_stable_across_processes() -> None:
    # Python's hash() is salted per process; the simhash must not depend on it.
    code = (
        "import sys; from pagewash_server.pipeline.fingerprint import simhash64; "
        "print(simhash64(sys.stdin.read()))"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    done = subprocess.run(
        [sys.executable, "-c", code], input=ARTICLE, capture_output=True, text=True, env=env, check=True
    )
    assert int(done.stdout) == simhash64(ARTICLE)


def test_hamming_distance_counts_differing_bits() -> None:
    assert hamming_distance(0, 0) == 0
    assert hamming_distance(0b1011, 0b0001) == 2
    assert hamming_distance(0, 2**64 - 1) == 64


def _reference_simhash64(text: str) -> int:
    """The documented definition, written the slow and obvious way: lowercased `\\w+` words, BLAKE2b
    word hashes read little-endian, shingle = XOR of the words rotated by 0, 21 and 42 bits."""
    mask = 2**64 - 1

    def word_hash(word: str) -> int:
        return int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "little")

    def rotate(value: int, bits: int) -> int:
        return ((value << bits) | (value >> (64 - bits))) & mask if bits else value

    words = re.findall(r"\w+", text.lower())
    if not words:
        return 0
    shingles = [
        rotate(word_hash(words[i]), 0)
        ^ (rotate(word_hash(words[i + 1]), 21) if i + 1 < len(words) else 0)
        ^ (rotate(word_hash(words[i + 2]), 42) if i + 2 < len(words) else 0)
        for i in range(max(1, len(words) - 2))
    ]
    if len(words) < 3:
        return shingles[0]
    return sum(1 << bit for bit in range(64) if sum(s >> bit & 1 for s in shingles) * 2 > len(shingles))


# Word characters and separators of many kinds: ASCII and non-ASCII punctuation that splits words, letters
# whose lowercase depends on context (final sigma) or is ASCII (Kelvin sign), digits, underscores, and a
# lone surrogate (not a word character; it must not break the UTF-8 handling).
_ALPHABET = (
    "abcXYZ019_ \n\t.,;'-"
    + "éÉßøŒ"
    + "ΣσςΑΒ"
    + "Кирилл"
    + "中文かな한"
    + "\u2019\u201c\u2014\u00a0\u00b2\u00bd\u212a\u0130\u0301"
    + "\ud800"
)


def test_simhash_equals_the_reference_on_random_texts() -> None:
    rng = random.Random(7)
    for _ in range(400):
        length = rng.choice((0, 1, 2, 5, 12, 40, 300))
        text = "".join(rng.choice(_ALPHABET) for _ in range(length))
        assert simhash64(text) == _reference_simhash64(text), repr(text)


def test_simhash_equals_the_reference_on_word_texts_of_every_length() -> None:
    rng = random.Random(11)
    vocabulary = ["the", "The", "ΟΔΟΣ", "don’t", "naïve", "—", "x_y", "42", "Straße", "ΑΣ.Β", "文字"]
    for words in range(0, 60):
        text = " ".join(rng.choice(vocabulary) for _ in range(words))
        assert simhash64(text) == _reference_simhash64(text), repr(text)


def test_simhash_of_a_long_text_uses_the_same_definition() -> None:
    # More words than the precomputed masks cover.
    rng = random.Random(3)
    text = " ".join(f"w{rng.randrange(3000)}" for _ in range(fingerprint._MASK_LANES + 500))
    assert simhash64(text) == _reference_simhash64(text)


def test_simhash_is_the_same_after_the_word_cache_is_emptied() -> None:
    before = simhash64(ARTICLE)
    fingerprint._PIECE_HASHES.clear()
    assert simhash64(ARTICLE) == before


def test_the_compiled_vote_is_built() -> None:
    if os.environ.get("PAGEWASH_PURE_PYTHON"):
        pytest.skip("PAGEWASH_PURE_PYTHON asks for the Python vote")
    assert fingerprint.ACCELERATED, "setup.py did not build pipeline/_simhash.pyx: is a C compiler installed?"


@pytest.mark.skipif(not fingerprint.ACCELERATED, reason="the compiled vote is not built")
def test_compiled_vote_equals_the_python_vote() -> None:
    from pagewash_server.pipeline import _simhash

    rng = random.Random(5)
    for words in [*range(0, 40), 100, 1000, fingerprint._MASK_LANES + 7]:
        hashes = rng.randbytes(8 * words)
        assert _simhash.simhash_of_word_hashes(hashes) == fingerprint._simhash_of_word_hashes(hashes), words
    # Every bit set, none set, and half the shingles with a bit (more than half is needed).
    for hashes in (b"\xff" * 80, b"\x00" * 80, bytes(8) * 3 + b"\xff" * 8 * 3):
        assert _simhash.simhash_of_word_hashes(hashes) == fingerprint._simhash_of_word_hashes(hashes)
