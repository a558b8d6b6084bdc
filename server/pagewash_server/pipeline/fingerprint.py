"""Fingerprints of a body text: its SHA-256 and a 64-bit simhash for near-duplicate detection."""

from __future__ import annotations

import hashlib
import os
import re
from types import ModuleType

_WORD = re.compile(r"\w+")
SHINGLE_WORDS = 3
_BITS = 64
_MASK = (1 << _BITS) - 1
_WORD_BYTES = _BITS // 8
_ROTATIONS = (0, 21, 42)  # bits each word of a shingle is rotated by, in shingle order

# bytes.translate table over UTF-8: every ASCII byte that is not a word character (\w) becomes a space, so
# bytes.split() cuts the text there; bytes >= 0x80 (parts of non-ASCII characters) are kept as they are.
_ASCII_NON_WORD_TO_SPACE = bytes(
    byte if byte >= 0x80 or chr(byte).isalnum() or byte == ord("_") else ord(" ") for byte in range(256)
)

# Precomputed lane masks for pages of up to this many words (larger pages build theirs): `a & b` costs the
# size of the smaller operand, so one long mask serves every shorter page.
_MASK_LANES = 4096


def sha256_hex(text: str) -> str:
    """The SHA-256 of the UTF-8 bytes of `text`, as 64 lowercase hex digits."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def simhash64(text: str) -> int:
    """A 64-bit simhash (unsigned) of the lowercased word 3-shingles of `text`; 0 for text without words.

    Texts that share most of their shingles land a few bits apart (compare with `hamming_distance`),
    unrelated texts about 32 apart. Words (`\\w+` runs of the lowercased text) are hashed with BLAKE2b
    (8-byte digest, read little-endian), so the value is the same in every process and on every machine
    (Python's own `hash()` is salted per process); a shingle's hash is its three word hashes rotated by 0,
    21 and 42 bits and XORed, and bit k of the simhash is set when more than half of the shingles have it.
    """
    hashes = _word_hash_bytes(text)
    if _compiled is not None:
        return int(_compiled.simhash_of_word_hashes(hashes))
    return _simhash_of_word_hashes(hashes)


def _simhash_of_word_hashes(hashes: bytes) -> int:
    """The vote over the word hashes, in Python: the reference of the compiled _simhash."""
    words = len(hashes) // _WORD_BYTES
    if not words:
        return 0
    from_bytes = int.from_bytes
    if words < SHINGLE_WORDS:
        shingle = 0
        for position in range(words):
            word = from_bytes(hashes[position * _WORD_BYTES : (position + 1) * _WORD_BYTES], "little")
            shingle ^= _rotate(word, _ROTATIONS[position])
        return shingle
    # All shingle hashes at once, as 64-bit lanes of one big integer (lane i = shingle i): the word hashes
    # laid end to end, XORed with the same rotated lane by lane and moved down by one and by two words.
    shingles = words - SHINGLE_WORDS + 1
    laid = from_bytes(hashes, "little")
    masks = _masks(words)
    once = _rotate_lanes(laid, _ROTATIONS[1], masks) >> _BITS
    twice = _rotate_lanes(laid, _ROTATIONS[2], masks) >> (2 * _BITS)
    lanes = (laid ^ once ^ twice).to_bytes(len(hashes), "little")[: _WORD_BYTES * shingles]
    # Bit k of the simhash is set when bit k is set in more than half of the lanes. Each byte position of
    # the lanes is taken out as one integer of single bytes; ANDed with a mask holding bit b of every byte,
    # int.bit_count() counts bit b of that byte position over every shingle in one C call.
    bit_masks = masks.bits
    half = shingles / 2
    value = 0
    for byte_index in range(_WORD_BYTES):
        column = from_bytes(lanes[byte_index::_WORD_BYTES], "little")
        for bit in range(8):
            if (column & bit_masks[bit]).bit_count() > half:
                value |= 1 << (byte_index * 8 + bit)
    return value


def _word_hash_bytes(text: str) -> bytes:
    """The 8-byte BLAKE2b hashes of the words of lowercased `text`, in order, laid end to end.

    Cutting the UTF-8 bytes at ASCII non-word bytes (a C-speed translate and split) yields the words
    themselves, or, around non-ASCII punctuation, pieces holding several words or none ("don’t", "—"). The
    cache maps each piece to its words' hashes, so a page costs one dictionary lookup per piece. The whole
    text is lowercased first, as a regex over it would see it (a final "Σ" lowercases by its context)."""
    lowered = text.lower().encode("utf-8", errors="surrogatepass")
    pieces = lowered.translate(_ASCII_NON_WORD_TO_SPACE).split()
    cache = _PIECE_HASHES
    hashes = b"".join(map(cache.__getitem__, pieces))
    if len(cache) > _PIECE_CACHE_SIZE:
        cache.clear()  # bounded, so a worker's memory stays flat
    return hashes


class _PieceHashes(dict[bytes, bytes]):
    """piece of UTF-8 text → the concatenated word hashes of the `\\w+` words in it; filled on demand.

    It outlives a page: most of a page's words were seen on earlier pages, and a dictionary lookup costs a
    fraction of a BLAKE2b call."""

    def __missing__(self, piece: bytes) -> bytes:
        decoded = piece.decode("utf-8", errors="surrogatepass")
        words = _WORD.findall(decoded)
        if words == [decoded]:
            digest = hashlib.blake2b(piece, digest_size=_WORD_BYTES).digest()
        else:
            digest = b"".join(self[word.encode("utf-8")] for word in words)
        self[piece] = digest
        return digest


_PIECE_HASHES = _PieceHashes()
_PIECE_CACHE_SIZE = 200_000


class _LaneMasks:
    """Masks over `lanes` 64-bit lanes: the bits a lanewise rotation keeps in place and wraps around, by
    rotation; and, over one byte per lane, bit b of every byte."""

    __slots__ = ("bits", "high", "low")

    def __init__(self, lanes: int) -> None:
        from_bytes = int.from_bytes
        self.high: dict[int, int] = {}
        self.low: dict[int, int] = {}
        for bits in _ROTATIONS[1:]:
            low = (1 << bits) - 1
            self.low[bits] = from_bytes(low.to_bytes(_WORD_BYTES, "little") * lanes, "little")
            self.high[bits] = from_bytes((_MASK ^ low).to_bytes(_WORD_BYTES, "little") * lanes, "little")
        self.bits = tuple(from_bytes(bytes([1 << bit]) * lanes, "little") for bit in range(8))


_SHARED_MASKS = _LaneMasks(_MASK_LANES)


def _masks(lanes: int) -> _LaneMasks:
    return _SHARED_MASKS if lanes <= _MASK_LANES else _LaneMasks(lanes)


def _rotate_lanes(laid: int, bits: int, masks: _LaneMasks) -> int:
    """Every 64-bit lane of `laid` rotated left by `bits`: bits shifted past a lane's top are masked off
    the next lane and come back at the bottom of their own."""
    return ((laid << bits) & masks.high[bits]) | ((laid >> (_BITS - bits)) & masks.low[bits])


def _rotate(value: int, bits: int) -> int:
    return ((value << bits) | (value >> (_BITS - bits))) & _MASK


def hamming_distance(first: int, second: int) -> int:
    """How many of the 64 bits differ between two simhashes."""
    return (first ^ second).bit_count()


# The compiled vote (setup.py builds it when a C compiler is at hand); PAGEWASH_PURE_PYTHON=1 in the
# environment chooses the Python one above, which gives the same values.
_compiled: ModuleType | None
if os.environ.get("PAGEWASH_PURE_PYTHON"):
    _compiled = None
else:
    try:
        from . import _simhash as _compiled
    except ImportError:  # not built: no compiler, or PAGEWASH_PURE_PYTHON at install
        _compiled = None

ACCELERATED: bool = _compiled is not None
