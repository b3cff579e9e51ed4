// QuiverSIMD: float distance kernels and prefetch for the hot loops of QuiverKernels and
// QuiverIndex, written in C because Swift exposes neither a prefetch intrinsic nor per-function
// CPU targets (and SwiftPM refuses unsafeFlags such as -march in a package used by URL).
// Invariants: every function is safe on any CPU. On x86-64 the AVX2+FMA bodies are compiled
// with a function-level target attribute and chosen once at load time with
// __builtin_cpu_supports; everywhere else (and on x86-64 CPUs without them) portable bodies
// written with clang vector extensions run. Pointers may be unaligned; `count` floats must be
// readable from both operands. Results may differ from a strict left-to-right sum in the last
// bits (lanes are summed as a tree), as the Swift SIMD kernels' do.
#ifndef QUIVER_SIMD_H
#define QUIVER_SIMD_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Squared Euclidean distance over `count` floats.
float quiver_l2_squared_f32(const float *a, const float *b, size_t count);

/// Inner product over `count` floats.
float quiver_inner_product_f32(const float *a, const float *b, size_t count);

/// Squared L2 distances from `query` to the vectors at `base + nodes[i] * stride_bytes`,
/// written to `out[i]`; prefetches the next node's vector while scoring the current one.
void quiver_l2_squared_gather_f32(const float *query, const void *base, size_t stride_bytes,
                                  const uint32_t *nodes, size_t node_count, size_t count, float *out);

/// Inner products from `query` to gathered vectors, as quiver_l2_squared_gather_f32.
void quiver_inner_product_gather_f32(const float *query, const void *base, size_t stride_bytes,
                                     const uint32_t *nodes, size_t node_count, size_t count, float *out);

/// Prefetches `line_count` cache lines of every record `base + nodes[i] * stride_bytes`.
void quiver_prefetch_records(const void *base, size_t stride_bytes, const uint32_t *nodes, size_t node_count,
                             size_t line_count);

/// Bytes of the block quiver_sq8_prepare writes for `count` dimensions (allocate 64-aligned).
size_t quiver_sq8_prepared_bytes(size_t count);
/// Prepares one query's per-dimension weights for quiver_sq8_score_gather (Codes.c: with AVX-512
/// VNNI they are rounded to int8 with one scale).
void quiver_sq8_prepare(const float *weights, size_t count, void *prepared);
/// Scores of gathered SQ8 records `base + nodes[i] * stride_bytes`, each starting with `code
/// u8[count]` (zero-padded to a multiple of 64 bytes) and holding `bias f32` at bias_offset:
/// out[i] = constant + bias + sum_j weights[j] * code[j], weights as prepared. Prefetches the next
/// record while scoring the current one.
void quiver_sq8_score_gather(const void *prepared, float constant, const void *base, size_t stride_bytes,
                             size_t bias_offset, const uint32_t *nodes, size_t node_count, size_t count, float *out);
/// 4 for the AVX-512 VNNI SQ8 kernel (int8 query), 3 for AVX-512, 2 for AVX2+FMA, 1 portable.
int quiver_sq8_simd_level(void);
/// 2 when the AVX2+FMA kernels are in use, 1 for the portable ones (for benchmark reports).
int quiver_simd_level(void);

#ifdef __cplusplus
}
#endif

#endif
