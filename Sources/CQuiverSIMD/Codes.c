// Scores of one float query against gathered SQ8 records, behind QuiverSIMD.h, for graph walks
// over compact codes (HNSW_SQ). A record starts with `code u8[count]` and holds a `bias f32` at
// bias_offset (>= count); its score is
//     constant + bias + sum_j weights[j] * code[j]
// so one kernel serves L2 (bias = |decoded row|^2, weights = -2 * query * scale) and inner
// product (bias = 0, weights = -query * scale), both smaller-is-closer.
// A query is prepared once per search (quiver_sq8_prepare) into an opaque block that the chosen
// body reads. With AVX-512 VNNI the weights are rounded to int8 with one scale per query,
//     weights[j] ~ scale * q8[j], q8[j] in -127...127,
// and 64 codes at a time are multiplied and summed in int32 (vpdpbusd), exact in the integers;
// the score differs from the float one by at most scale / 2 * sum_j code[j]. Without VNNI the
// block holds the float weights, and the AVX-512 body widens 16 codes at a time to floats and
// accumulates with FMA, the AVX2 body 8 at a time, the portable body one. Chosen once at load.
// Prepared block: VNNI: scale f32 | pad to 64 | q8 i8[round_up(count, 64)] (zero past count);
// otherwise: weights f32[count].
// Invariants: codes are zero-padded to a multiple of 64 bytes (the VNNI body reads whole
// 64-byte blocks; the float bodies read exactly `count`); reads only the code and the bias of each record base + nodes[i] * stride_bytes;
// the next record's lines up to its bias are prefetched while the current one is scored (a
// hint, not a load).

#include "QuiverSIMD.h"
#include "Prefetch.h"
#include <string.h>

static inline float record_bias(const char *record) {
    float bias;
    memcpy(&bias, record, sizeof bias);
    return bias;
}

static float sq8_dot_portable(const float *weights, const uint8_t *code, size_t count) {
    float sum0 = 0, sum1 = 0, sum2 = 0, sum3 = 0;
    size_t j = 0;
    for (; j + 4 <= count; j += 4) {
        sum0 += weights[j] * (float)code[j];
        sum1 += weights[j + 1] * (float)code[j + 1];
        sum2 += weights[j + 2] * (float)code[j + 2];
        sum3 += weights[j + 3] * (float)code[j + 3];
    }
    for (; j < count; j++) sum0 += weights[j] * (float)code[j];
    return (sum0 + sum2) + (sum1 + sum3);
}

typedef float (*quiver_sq8_kernel)(const float *, const uint8_t *, size_t);

#if defined(__x86_64__)
#include <immintrin.h>

__attribute__((target("avx2,fma"))) static float sq8_dot_avx2(const float *weights, const uint8_t *code, size_t count) {
    __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps();
    size_t j = 0;
    for (; j + 16 <= count; j += 16) {
        __m128i bytes = _mm_loadu_si128((const __m128i *)(code + j));
        __m256 low = _mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(bytes));
        __m256 high = _mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(_mm_srli_si128(bytes, 8)));
        acc0 = _mm256_fmadd_ps(_mm256_loadu_ps(weights + j), low, acc0);
        acc1 = _mm256_fmadd_ps(_mm256_loadu_ps(weights + j + 8), high, acc1);
    }
    __m256 acc = _mm256_add_ps(acc0, acc1);
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(acc), _mm256_extractf128_ps(acc, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    float sum = _mm_cvtss_f32(s);
    for (; j < count; j++) sum += weights[j] * (float)code[j];
    return sum;
}

__attribute__((target("avx512f"))) static float sq8_dot_avx512(const float *weights, const uint8_t *code, size_t count) {
    __m512 acc0 = _mm512_setzero_ps(), acc1 = _mm512_setzero_ps();
    size_t j = 0;
    for (; j + 32 <= count; j += 32) {
        __m512 c0 = _mm512_cvtepi32_ps(_mm512_cvtepu8_epi32(_mm_loadu_si128((const __m128i *)(code + j))));
        __m512 c1 = _mm512_cvtepi32_ps(_mm512_cvtepu8_epi32(_mm_loadu_si128((const __m128i *)(code + j + 16))));
        acc0 = _mm512_fmadd_ps(_mm512_loadu_ps(weights + j), c0, acc0);
        acc1 = _mm512_fmadd_ps(_mm512_loadu_ps(weights + j + 16), c1, acc1);
    }
    if (j + 16 <= count) {
        __m512 c0 = _mm512_cvtepi32_ps(_mm512_cvtepu8_epi32(_mm_loadu_si128((const __m128i *)(code + j))));
        acc0 = _mm512_fmadd_ps(_mm512_loadu_ps(weights + j), c0, acc0);
        j += 16;
    }
    float sum = _mm512_reduce_add_ps(_mm512_add_ps(acc0, acc1));
    for (; j < count; j++) sum += weights[j] * (float)code[j];
    return sum;
}

__attribute__((target("avx512f,avx512bw,avx512vnni"))) static float sq8_dot_vnni(const float *prepared, const uint8_t *code, size_t count) {
    const int8_t *q8 = (const int8_t *)prepared + 64;
    __m512i acc0 = _mm512_setzero_si512(), acc1 = _mm512_setzero_si512();
    size_t j = 0;
    for (; j + 128 <= count; j += 128) {
        acc0 = _mm512_dpbusd_epi32(acc0, _mm512_loadu_si512(code + j), _mm512_loadu_si512(q8 + j));
        acc1 = _mm512_dpbusd_epi32(acc1, _mm512_loadu_si512(code + j + 64), _mm512_loadu_si512(q8 + j + 64));
    }
    for (; j < count; j += 64) acc0 = _mm512_dpbusd_epi32(acc0, _mm512_loadu_si512(code + j), _mm512_loadu_si512(q8 + j));
    return prepared[0] * (float)_mm512_reduce_add_epi32(_mm512_add_epi32(acc0, acc1));
}

static quiver_sq8_kernel chosen_sq8_kernel;

__attribute__((constructor)) static void quiver_sq8_choose(void) {
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vnni")) {
        chosen_sq8_kernel = sq8_dot_vnni;
    } else if (__builtin_cpu_supports("avx512f")) {
        chosen_sq8_kernel = sq8_dot_avx512;
    } else if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
        chosen_sq8_kernel = sq8_dot_avx2;
    } else {
        chosen_sq8_kernel = sq8_dot_portable;
    }
}

static inline quiver_sq8_kernel sq8_kernel(void) { return chosen_sq8_kernel; }
int quiver_sq8_simd_level(void) {
    return chosen_sq8_kernel == sq8_dot_vnni ? 4 : chosen_sq8_kernel == sq8_dot_avx512 ? 3 : chosen_sq8_kernel == sq8_dot_avx2 ? 2 : 1;
}
#else
static inline quiver_sq8_kernel sq8_kernel(void) { return sq8_dot_portable; }
int quiver_sq8_simd_level(void) { return 1; }
#endif

static inline size_t round_up_64(size_t count) { return (count + 63) & ~(size_t)63; }

size_t quiver_sq8_prepared_bytes(size_t count) {
    size_t as_floats = count * sizeof(float), as_int8 = 64 + round_up_64(count);
    return as_floats > as_int8 ? as_floats : as_int8;
}

void quiver_sq8_prepare(const float *weights, size_t count, void *prepared) {
    if (quiver_sq8_simd_level() < 4) {
        memcpy(prepared, weights, count * sizeof(float));
        return;
    }
    float largest = 0;
    for (size_t j = 0; j < count; j++) {
        float magnitude = weights[j] < 0 ? -weights[j] : weights[j];
        if (magnitude > largest) largest = magnitude;
    }
    float scale = largest > 0 ? largest / 127 : 1;
    memset(prepared, 0, 64 + round_up_64(count));
    memcpy(prepared, &scale, sizeof scale);
    int8_t *q8 = (int8_t *)prepared + 64;
    for (size_t j = 0; j < count; j++) {
        float level = weights[j] / scale;
        q8[j] = (int8_t)(level < 0 ? level - 0.5f : level + 0.5f);
    }
}

void quiver_sq8_score_gather(const void *prepared, float constant, const void *base, size_t stride_bytes,
                             size_t bias_offset, const uint32_t *nodes, size_t node_count, size_t count, float *out) {
    quiver_sq8_kernel kernel = sq8_kernel();
    const char *bytes = (const char *)base;
    size_t record_bytes = bias_offset + 4;
    for (size_t i = 0; i < node_count; i++) {
        if (i + 1 < node_count) quiver_prefetch_lines(bytes + (size_t)nodes[i + 1] * stride_bytes, record_bytes);
        const char *record = bytes + (size_t)nodes[i] * stride_bytes;
        out[i] = constant + record_bias(record + bias_offset) + kernel((const float *)prepared, (const uint8_t *)record, count);
    }
}
