"""Fingerprints of a body text: its SHA-256 and a 64-bit simhash for near-duplicate detection."""

from __future__ import annotations

import hashlib
import re

_WORD = re.compile(r"\w+")
SHINGLE_WORDS = 3
_BITS = 64
_MASK = (1 << _BITS) - 1
_WORD_BYTES = _BITS // 8


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
    plain, once, twice = _word_hashes(tokens)
    if len(tokens) < SHINGLE_WORDS:
        shingle = 0
        for position, token in enumerate(tokens):
            shingle ^= int.from_bytes((plain, once)[position][token], "little")
        return shingle
    # All shingle hashes at once, as 64-bit lanes of one big integer (lane i = shingle i): the word
    # hashes laid end to end, XORed with the same offset by one and by two words. Bit k of the simhash
    # is set when bit k is set in more than half of the lanes; each byte position of the lanes is
    # taken out as one integer of single bytes, and `(column >> k) & low_bits` counted with
    # int.bit_count() counts bit k of that byte in every shingle in one C call.
    shingles = len(tokens) - SHINGLE_WORDS + 1
    from_bytes = int.from_bytes
    lanes = (
        from_bytes(b"".join(map(plain.__getitem__, tokens[:shingles])), "little")
        ^ from_bytes(b"".join(map(once.__getitem__, tokens[1 : shingles + 1])), "little")
        ^ from_bytes(b"".join(map(twice.__getitem__, tokens[2:])), "little")
    ).to_bytes(_WORD_BYTES * shingles, "little")
    low_bits = from_bytes(b"\x01" * shingles, "little")
    half = shingles / 2
    value = 0
    for byte_index in range(_WORD_BYTES):
        column = from_bytes(lanes[byte_index::_WORD_BYTES], "little")
        for bit in range(8):
            if ((column >> bit) & low_bits).bit_count() > half:
                value |= 1 << (byte_index * 8 + bit)
    return value


# Word hashes (plain, rotated by 21 and by 42 bits, as 8 little-endian bytes) outlive a page: most of a
# page's words were seen on earlier pages, and a dictionary lookup costs a fraction of a BLAKE2b call.
# Bounded, so a worker's memory stays flat: the tables are emptied when they fill up.
_PLAIN: dict[str, bytes] = {}
_ONCE: dict[str, bytes] = {}
_TWICE: dict[str, bytes] = {}
_WORD_CACHE_SIZE = 200_000


def _word_hashes(tokens: list[str]) -> tuple[dict[str, bytes], dict[str, bytes], dict[str, bytes]]:
    """The hash tables holding every token of `tokens`: plain, rotated by 21 bits, rotated by 42."""
    plain, once, twice = _PLAIN, _ONCE, _TWICE
    missing = set(tokens).difference(plain)
    if missing:
        if len(plain) + len(missing) > _WORD_CACHE_SIZE:
            plain.clear()
            once.clear()
            twice.clear()
        blake2b = hashlib.blake2b
        from_bytes = int.from_bytes
        for token in missing:
            digest = blake2b(token.encode("utf-8"), digest_size=_WORD_BYTES).digest()
            value = from_bytes(digest, "little")
            plain[token] = digest
            once[token] = _rotate(value, 21).to_bytes(_WORD_BYTES, "little")
            twice[token] = _rotate(value, 42).to_bytes(_WORD_BYTES, "little")
    return plain, once, twice


def _rotate(value: int, bits: int) -> int:
    return ((value << bits) | (value >> (_BITS - bits))) & _MASK


def hamming_distance(first: int, second: int) -> int:
    """How many of the 64 bits differ between two simhashes."""
    return (first ^ second).bit_count()
