// Prefetch.h: the one cache-line prefetch loop the gather kernels (Gather.c, Codes.c) share.
// Invariants: a prefetch is a hint, never a load, so addresses past the record are harmless.
#ifndef QUIVER_PREFETCH_H
#define QUIVER_PREFETCH_H
#include <stddef.h>

/// Requests every 64-byte line of [start, start + byte_count) for reading.
static inline void quiver_prefetch_lines(const char *start, size_t byte_count) {
    for (size_t offset = 0; offset < byte_count; offset += 64) __builtin_prefetch(start + offset, 0, 3);
}

#endif
