// Distance kernels behind QuiverSIMD.h: AVX2+FMA bodies (x86-64, chosen at load time) and
// portable bodies written with clang vector extensions. Both accumulate 16 floats per step in
// independent accumulators (two of 8 lanes, or four of 4) and finish the tail with scalars.
// Invariants: no function reads outside [p, p + count) of either operand; dispatch state is
// written once by a load-time constructor before any Swift code runs, then only read.

#include "QuiverSIMD.h"
#include <string.h>

// 16-byte vectors: SSE on any x86-64, NEON on arm64 (32-byte ones would change the ABI of
// these helpers on CPUs without AVX).
typedef float quiver_f32x4 __attribute__((vector_size(16), aligned(4)));

static inline quiver_f32x4 load4(const float *p) {
    quiver_f32x4 v;
    memcpy(&v, p, sizeof v);
    return v;
}

static inline float sum4(quiver_f32x4 v) { return (v[0] + v[2]) + (v[1] + v[3]); }

static float l2_squared_portable(const float *a, const float *b, size_t count) {
    quiver_f32x4 acc0 = {0}, acc1 = {0}, acc2 = {0}, acc3 = {0};
    size_t i = 0;
    for (; i + 16 <= count; i += 16) {
        quiver_f32x4 d0 = load4(a + i) - load4(b + i), d1 = load4(a + i + 4) - load4(b + i + 4);
        quiver_f32x4 d2 = load4(a + i + 8) - load4(b + i + 8), d3 = load4(a + i + 12) - load4(b + i + 12);
        acc0 += d0 * d0;
        acc1 += d1 * d1;
        acc2 += d2 * d2;
        acc3 += d3 * d3;
    }
    for (; i + 4 <= count; i += 4) {
        quiver_f32x4 d0 = load4(a + i) - load4(b + i);
        acc0 += d0 * d0;
    }
    float sum = sum4((acc0 + acc1) + (acc2 + acc3));
    for (; i < count; i++) {
        float d = a[i] - b[i];
        sum += d * d;
    }
    return sum;
}

static float inner_product_portable(const float *a, const float *b, size_t count) {
    quiver_f32x4 acc0 = {0}, acc1 = {0}, acc2 = {0}, acc3 = {0};
    size_t i = 0;
    for (; i + 16 <= count; i += 16) {
        acc0 += load4(a + i) * load4(b + i);
        acc1 += load4(a + i + 4) * load4(b + i + 4);
        acc2 += load4(a + i + 8) * load4(b + i + 8);
        acc3 += load4(a + i + 12) * load4(b + i + 12);
    }
    for (; i + 4 <= count; i += 4) acc0 += load4(a + i) * load4(b + i);
    float sum = sum4((acc0 + acc1) + (acc2 + acc3));
    for (; i < count; i++) sum += a[i] * b[i];
    return sum;
}

#if defined(__x86_64__)
#include <immintrin.h>

#define QUIVER_AVX2 __attribute__((target("avx2,fma")))

QUIVER_AVX2 static inline float sum256(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

QUIVER_AVX2 static float l2_squared_avx2(const float *a, const float *b, size_t count) {
    __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps();
    size_t i = 0;
    for (; i + 16 <= count; i += 16) {
        __m256 d0 = _mm256_sub_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i));
        __m256 d1 = _mm256_sub_ps(_mm256_loadu_ps(a + i + 8), _mm256_loadu_ps(b + i + 8));
        acc0 = _mm256_fmadd_ps(d0, d0, acc0);
        acc1 = _mm256_fmadd_ps(d1, d1, acc1);
    }
    if (i + 8 <= count) {
        __m256 d0 = _mm256_sub_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i));
        acc0 = _mm256_fmadd_ps(d0, d0, acc0);
        i += 8;
    }
    float sum = sum256(_mm256_add_ps(acc0, acc1));
    for (; i < count; i++) {
        float d = a[i] - b[i];
        sum += d * d;
    }
    return sum;
}

QUIVER_AVX2 static float inner_product_avx2(const float *a, const float *b, size_t count) {
    __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps();
    size_t i = 0;
    for (; i + 16 <= count; i += 16) {
        acc0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), acc0);
        acc1 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i + 8), _mm256_loadu_ps(b + i + 8), acc1);
    }
    if (i + 8 <= count) {
        acc0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), acc0);
        i += 8;
    }
    float sum = sum256(_mm256_add_ps(acc0, acc1));
    for (; i < count; i++) sum += a[i] * b[i];
    return sum;
}

static int has_avx2_fma;

__attribute__((constructor)) static void quiver_simd_choose(void) {
    __builtin_cpu_init();
    has_avx2_fma = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}

float quiver_l2_squared_f32(const float *a, const float *b, size_t count) {
    return has_avx2_fma ? l2_squared_avx2(a, b, count) : l2_squared_portable(a, b, count);
}

float quiver_inner_product_f32(const float *a, const float *b, size_t count) {
    return has_avx2_fma ? inner_product_avx2(a, b, count) : inner_product_portable(a, b, count);
}

int quiver_simd_level(void) { return has_avx2_fma ? 2 : 1; }

#else

float quiver_l2_squared_f32(const float *a, const float *b, size_t count) {
    return l2_squared_portable(a, b, count);
}

float quiver_inner_product_f32(const float *a, const float *b, size_t count) {
    return inner_product_portable(a, b, count);
}

int quiver_simd_level(void) { return 1; }

#endif
