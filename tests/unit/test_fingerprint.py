"""Tests for the body fingerprints: SHA-256 and the 64-bit simhash."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys

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
