// Gathered distances and record prefetch behind QuiverSIMD.h, for graph walks (HNSW) that
// score a handful of scattered vectors per step: the next vector's cache lines are requested
// while the current one is scored, as hnswlib does with _mm_prefetch.
// Invariants: reads only the `count` floats at base + nodes[i] * stride_bytes for i < node_count
// (a prefetch of an address past them is a hint, never a load, and is not issued).

#include "QuiverSIMD.h"
#include "Prefetch.h"


typedef float (*quiver_kernel)(const float *, const float *, size_t);

static void gather(quiver_kernel kernel, const float *query, const void *base, size_t stride_bytes,
                   const uint32_t *nodes, size_t node_count, size_t count, float *out) {
    const char *bytes = (const char *)base;
    for (size_t i = 0; i < node_count; i++) {
        if (i + 1 < node_count) quiver_prefetch_lines(bytes + (size_t)nodes[i + 1] * stride_bytes, count * sizeof(float));
        out[i] = kernel(query, (const float *)(bytes + (size_t)nodes[i] * stride_bytes), count);
    }
}

void quiver_l2_squared_gather_f32(const float *query, const void *base, size_t stride_bytes,
                                  const uint32_t *nodes, size_t node_count, size_t count, float *out) {
    gather(quiver_l2_squared_f32, query, base, stride_bytes, nodes, node_count, count, out);
}

void quiver_inner_product_gather_f32(const float *query, const void *base, size_t stride_bytes,
                                     const uint32_t *nodes, size_t node_count, size_t count, float *out) {
    gather(quiver_inner_product_f32, query, base, stride_bytes, nodes, node_count, count, out);
}

void quiver_prefetch_records(const void *base, size_t stride_bytes, const uint32_t *nodes, size_t node_count,
                             size_t line_count) {
    const char *bytes = (const char *)base;
    for (size_t i = 0; i < node_count; i++) quiver_prefetch_lines(bytes + (size_t)nodes[i] * stride_bytes, line_count * 64);
}
