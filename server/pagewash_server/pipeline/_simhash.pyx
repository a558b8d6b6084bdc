# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""fingerprint's simhash vote over a text's word hashes, compiled: the same value as its Python lanes."""

# Why this exists: the Python version counts the shingles' bits with big-integer lanes, a few dozen C
# calls per page but about 0.06 ms of them; a plain loop over 64-bit integers does it in a few µs.
# fingerprint.simhash64 stays the reference: tests/unit/test_fingerprint.py checks both give one value.

from libc.stdint cimport uint64_t

DEF WORD_BYTES = 8


cdef inline uint64_t _word(const unsigned char* data, Py_ssize_t index) noexcept nogil:
    # Little-endian whatever the machine, as int.from_bytes(..., "little") reads it.
    cdef const unsigned char* p = data + index * WORD_BYTES
    return (<uint64_t>p[0] | (<uint64_t>p[1] << 8) | (<uint64_t>p[2] << 16) | (<uint64_t>p[3] << 24)
            | (<uint64_t>p[4] << 32) | (<uint64_t>p[5] << 40) | (<uint64_t>p[6] << 48) | (<uint64_t>p[7] << 56))


cdef inline uint64_t _rotate(uint64_t value, int bits) noexcept nogil:
    return (value << bits) | (value >> (64 - bits))


def simhash_of_word_hashes(bytes hashes):
    """The 64-bit simhash of the shingles of three consecutive 8-byte word hashes laid end to end
    (fingerprint._word_hash_bytes); fewer than three words make one shingle of what there is."""
    cdef const unsigned char* data = hashes
    cdef Py_ssize_t words = len(hashes) // WORD_BYTES
    cdef Py_ssize_t shingles, index
    cdef uint64_t shingle, value = 0
    cdef Py_ssize_t counts[64]
    cdef int bit
    if words == 0:
        return 0
    if words < 3:
        shingle = _word(data, 0)
        if words == 2:
            shingle ^= _rotate(_word(data, 1), 21)
        return shingle
    shingles = words - 2
    for bit in range(64):
        counts[bit] = 0
    with nogil:
        for index in range(shingles):
            shingle = _word(data, index) ^ _rotate(_word(data, index + 1), 21) ^ _rotate(_word(data, index + 2), 42)
            for bit in range(64):
                counts[bit] += (shingle >> bit) & 1
        for bit in range(64):
            # Set when more than half of the shingles have it.
            if 2 * counts[bit] > shingles:
                value |= (<uint64_t>1) << bit
    return value
