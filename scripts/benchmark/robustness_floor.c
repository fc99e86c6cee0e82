/*
 * The floor `qeval robustness` is measured against (scripts/bench-robustness): the same uncertainty loop in
 * plain C — draw factors, rescale the points, totals = Σ share × points, round to 4 decimals, a full sort,
 * ranks with ties, a rank histogram per county — on two threads, with the same generator (xoshiro256**
 * seeded by SplitMix64 from the seed and the chunk's number) and the same chunks of 256 draws, so that
 * its histograms, and so P(recognised), are identical to qeval's. No tier ranks, no sensitivity design,
 * no one-at-a-time drops, no workbook.
 *
 *   cc -O3 -pthread -o robustness_floor robustness_floor.c
 *   ./robustness_floor SHARES.txt SAMPLES SPREAD SEED [THREADS] > p.tsv
 *
 * SHARES.txt (from `qeval robustness --shares-out`): "m k", then k points, then m lines "county<TAB>k shares".
 * Prints "county<TAB>p_recognised" per county and the loop's time on stderr.
 */
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { CHUNK = 256, RECOGNISED = 10 };

static int m, k, samples, threads = 2;
static double spread, total_points, *shares, *centre;
static uint64_t seed;
static char **names;
static int next_chunk, chunks;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static uint32_t **histograms;
static int index_bits;

static uint64_t splitmix(uint64_t *s) {
    uint64_t z = (*s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}
static inline uint64_t rotl(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }
static inline uint64_t xoshiro(uint64_t s[4]) {
    uint64_t result = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
    s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3]; s[2] ^= t; s[3] = rotl(s[3], 45);
    return result;
}

static int compare(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static void *worker(void *arg) {
    uint32_t *hist = calloc((size_t)m * m, sizeof(uint32_t));
    double *w = malloc(k * sizeof(double)), *totals = malloc(m * sizeof(double));
    int64_t *keys = malloc(m * sizeof(int64_t));
    uint64_t *packed = malloc(m * sizeof(uint64_t));
    for (;;) {
        pthread_mutex_lock(&lock);
        int chunk = next_chunk < chunks ? next_chunk++ : -1;
        pthread_mutex_unlock(&lock);
        if (chunk < 0) break;
        uint64_t mix = seed ^ ((uint64_t)chunk * 0xD1B54A32D192ED03ULL), s[4];
        for (int j = 0; j < 4; j++) s[j] = splitmix(&mix);
        int first = chunk * CHUNK, last = first + CHUNK < samples ? first + CHUNK : samples;
        for (int d = first; d < last; d++) {
            double sum = 0;
            for (int j = 0; j < k; j++) {
                double u = (double)(xoshiro(s) >> 11) * 0x1.0p-53;
                w[j] = centre[j] * (1 - spread + 2 * spread * u);
                sum += w[j];
            }
            double r = total_points / sum;
            for (int j = 0; j < k; j++) w[j] *= r;
            for (int i = 0; i < m; i++) totals[i] = 0;
            for (int j = 0; j < k; j++) {
                const double *col = shares + (size_t)j * m, p = w[j];
                for (int i = 0; i < m; i++) totals[i] += col[i] * p;
            }
            int64_t hi = INT64_MIN;
            for (int i = 0; i < m; i++) {
                keys[i] = (int64_t)round(totals[i] * 10000.0);
                if (keys[i] > hi) hi = keys[i];
            }
            for (int i = 0; i < m; i++) packed[i] = ((uint64_t)(hi - keys[i]) << index_bits) | (uint64_t)i;
            qsort(packed, m, sizeof(uint64_t), compare);
            uint64_t mask = ((uint64_t)1 << index_bits) - 1, previous = UINT64_MAX;
            int rank = 0;
            for (int j = 0; j < m; j++) {
                uint64_t key = packed[j] >> index_bits;
                if (key != previous) rank = j + 1;
                previous = key;
                hist[(size_t)(packed[j] & mask) * m + rank - 1]++;
            }
        }
    }
    free(w); free(totals); free(keys); free(packed);
    *(uint32_t **)arg = hist;
    return NULL;
}

int main(int argc, char **argv) {
    if (argc < 5) { fprintf(stderr, "usage: %s SHARES.txt SAMPLES SPREAD SEED [THREADS]\n", argv[0]); return 2; }
    FILE *f = fopen(argv[1], "r");
    if (!f || fscanf(f, "%d %d", &m, &k) != 2) { fprintf(stderr, "cannot read %s\n", argv[1]); return 2; }
    samples = atoi(argv[2]); spread = atof(argv[3]); seed = strtoull(argv[4], NULL, 10);
    if (argc > 5) threads = atoi(argv[5]);
    centre = malloc(k * sizeof(double)); shares = malloc((size_t)m * k * sizeof(double)); names = malloc(m * sizeof(char *));
    for (int j = 0; j < k; j++) { if (fscanf(f, "%lf", &centre[j]) != 1) return 2; total_points += centre[j]; }
    for (int i = 0; i < m; i++) {
        char name[256];
        if (fscanf(f, " %255[^\t]", name) != 1) return 2;
        names[i] = strdup(name);
        for (int j = 0; j < k; j++) if (fscanf(f, "%lf", &shares[(size_t)j * m + i]) != 1) return 2;
    }
    fclose(f);
    index_bits = 1;
    while ((1 << index_bits) < (m > 2 ? m : 2)) index_bits++;
    chunks = (samples + CHUNK - 1) / CHUNK;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pthread_t *ids = malloc(threads * sizeof(pthread_t));
    histograms = calloc(threads, sizeof(uint32_t *));
    for (int t = 0; t < threads; t++) pthread_create(&ids[t], NULL, worker, &histograms[t]);
    for (int t = 0; t < threads; t++) pthread_join(ids[t], NULL);
    for (int t = 1; t < threads; t++)
        for (size_t j = 0; j < (size_t)m * m; j++) histograms[0][j] += histograms[t][j];
    clock_gettime(CLOCK_MONOTONIC, &t1);
    for (int i = 0; i < m; i++) {
        long recognised = 0;
        for (int r = 0; r < RECOGNISED && r < m; r++) recognised += histograms[0][(size_t)i * m + r];
        printf("%s\t%.17g\n", names[i], (double)recognised / samples);
    }
    fprintf(stderr, "loop_ms %.1f\n", (t1.tv_sec - t0.tv_sec) * 1000.0 + (t1.tv_nsec - t0.tv_nsec) / 1e6);
    return 0;
}
