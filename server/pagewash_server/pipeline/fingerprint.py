"""Fingerprints of a body text: its SHA-256 and a 64-bit simhash for near-duplicate detection."""

from __future__ import annotations

import hashlib
import re
import sys
from array import array
from operator import xor

_WORD = re.compile(r"\w+")
SHINGLE_WORDS = 3
_BITS = 64
_MASK = (1 << _BITS) - 1
# For bit k of a byte, a translation table mapping each byte value to 1 when that bit is set: counting
# the set bits of one position over all hashes becomes bytes.translate + bytes.count, both in C.
_BIT_TABLES = tuple(bytes((value >> bit) & 1 for value in range(256)) for bit in range(8))


def sha256_hex(text: str) -> str:
    """The SHA-256 of the UTF-8 bytes of `text`, as 64 lowercase hex digits."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def simhash64(text: str) -> int:
    """A 64-bit simhash (unsigned) of the lowercased word 3-shingles of `text`; 0 for text without words.

    Texts that share most of their shingles land a few bits apart (compare with `hamming_distance`),
    unrelated texts about 32 apart. Words are hashed with BLAKE2b, so the value is the same in every
    process and on every machine (Python's own `hash()` is salted per process); a shingle's hash is
    its three word hashes rotated by 0, 21 and 42 bits and XORed, which costs one hash per distinct word.
    """
    tokens = _WORD.findall(text.lower())
    if not tokens:
        return 0
    blake2b = hashlib.blake2b
    from_bytes = int.from_bytes
    plain = {
        token: from_bytes(blake2b(token.encode("utf-8"), digest_size=8).digest(), "little")
        for token in set(tokens)
    }
    if len(tokens) < SHINGLE_WORDS:
        shingles = [_rotate_xor([plain[t] for t in tokens])]
    else:
        mask = _MASK
        once = {token: ((value << 21) | (value >> 43)) & mask for token, value in plain.items()}
        twice = {token: ((value << 42) | (value >> 22)) & mask for token, value in plain.items()}
        # map() with operator.xor keeps the per-shingle work in C.
        shingles = list(
            map(
                xor,
                map(xor, map(plain.__getitem__, tokens), map(once.__getitem__, tokens[1:])),
                map(twice.__getitem__, tokens[2:]),
            )
        )
    packed = array("Q", shingles)
    if sys.byteorder != "little":
        packed.byteswap()
    digests = packed.tobytes()
    half = len(shingles) / 2
    value = 0
    for byte_index in range(8):
        column = digests[byte_index::8]  # byte `byte_index` (little-endian) of every shingle hash
        for bit in range(8):
            if column.translate(_BIT_TABLES[bit]).count(1) > half:
                value |= 1 << (byte_index * 8 + bit)
    return value


def _rotate(value: int, bits: int) -> int:
    return ((value << bits) | (value >> (_BITS - bits))) & _MASK


def _rotate_xor(values: list[int]) -> int:
    combined = 0
    for position, value in enumerate(values):
        combined ^= _rotate(value, 21 * position) if position else value
    return combined


def hamming_distance(first: int, second: int) -> int:
    """How many of the 64 bits differ between two simhashes."""
    return (first ^ second).bit_count()
