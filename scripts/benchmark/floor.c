/*
 * The floor qeval is measured against (scripts/bench): the same CSV parsed with libcsv and the same cells
 * written with libxlsxwriter in constant-memory mode — the same sheets, rows, columns, numbers, strings and
 * formulas with cached values as qeval's ranked workbook — with no decoding checks, no scoring and no
 * ranking. Cell values are the parsed input figures or placeholders; formulas have the same shape.
 *
 * With a third argument, the 计分过程 sheet too: the same cells as qeval's (extracted from its workbook by
 * process_rows.py before timing starts, since the floor cannot explain scores), loaded before the clock runs.
 *
 *   cc -O2 -o floor floor.c -lcsv -lxlsxwriter
 *   ./floor INPUT.csv OUT.xlsx [PROCESS.tsv]
 */
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xlsxwriter.h>

enum { INDICATORS = 43, CATEGORIES = 4, TIERS = 3, DERIVED = 7 };

typedef struct {
    char **cells;
    size_t count, capacity;
    size_t *row_start;
    size_t rows, row_capacity;
    size_t field;
} table_t;

static void on_field(void *s, size_t len, void *data) {
    table_t *t = data;
    if (t->count == t->capacity) {
        t->capacity = t->capacity ? t->capacity * 2 : 1 << 16;
        t->cells = realloc(t->cells, t->capacity * sizeof(char *));
    }
    char *copy = malloc(len + 1);
    memcpy(copy, s, len);
    copy[len] = 0;
    t->cells[t->count++] = copy;
}

static void on_record(int c, void *data) {
    (void)c;
    table_t *t = data;
    if (t->rows + 1 >= t->row_capacity) {
        t->row_capacity = t->row_capacity ? t->row_capacity * 2 : 1024;
        t->row_start = realloc(t->row_start, t->row_capacity * sizeof(size_t));
    }
    t->row_start[++t->rows] = t->count;
}

static double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static void col_name(int col, char *out) {
    char tmp[8];
    int n = col + 1, i = 0;
    while (n > 0) { tmp[i++] = 'A' + (n - 1) % 26; n = (n - 1) / 26; }
    for (int k = 0; k < i; k++) out[k] = tmp[i - 1 - k];
    out[i] = 0;
}

/* A ranking sheet: the same 11 (+1 for tiers) columns and formulas as qeval's 总排名 / tier sheets. */
static void ranking_sheet(lxw_workbook *wb, const char *name, table_t *t, size_t from, size_t step, int tier,
                          lxw_format *num, lxw_format *text) {
    lxw_worksheet *ws = workbook_add_worksheet(wb, name);
    int cols = tier ? 12 : 11;
    for (int c = 0; c < cols; c++) worksheet_write_string(ws, 0, c, "header", text);
    char f[512], last[8], a[8];
    col_name(4 + INDICATORS - 1, last);
    lxw_row_t r = 1;
    for (size_t i = from; i + 1 < t->rows; i += step, r++) {
        char **row = t->cells + t->row_start[i + 1];
        worksheet_write_string(ws, r, 1, row[0], text);
        worksheet_write_string(ws, r, 2, row[1], text);
        worksheet_write_string(ws, r, 3, "第二梯队", text);
        snprintf(f, sizeof f, "SUMPRODUCT('得分率'!$E$2:$%s$2,'得分率'!$E$%zu:$%s$%zu)", last, i + 4, last, i + 4);
        worksheet_write_formula_num(ws, r, 4, f, num, 80.0);
        for (int c = 0; c < CATEGORIES; c++) {
            col_name(5 + c, a);
            snprintf(f, sizeof f, "SUMIF('指标得分'!$E$1:$%s$1,%s$1,'指标得分'!$E$%zu:$%s$%zu)", last, a, i + 4, last, i + 4);
            worksheet_write_formula_num(ws, r, 5 + c, f, num, 20.0);
        }
        snprintf(f, sizeof f, "ROUND(E%u,4)", r + 1);
        worksheet_write_formula_num(ws, r, cols - 1, f, num, 80.0);
        snprintf(f, sizeof f, "RANK(K%u,$K$2:$K$%zu,0)", r + 1, t->rows);
        worksheet_write_formula_num(ws, r, 0, f, num, (double)r);
        snprintf(f, sizeof f, "IF(A%u<=10,\"拟认定\",\"\")", r + 1);
        worksheet_write_formula_str(ws, r, 9, f, text, "");
        if (tier) {
            snprintf(f, sizeof f, "'总排名'!A%u", r + 1);
            worksheet_write_formula_num(ws, r, 10, f, num, (double)r);
        }
    }
}

/* The 计分过程 rows: 15 fields a line, "n:<number>", "s:<text>" or empty. */
typedef struct {
    char *data;
    char **fields;
    size_t rows;
} process_t;

static process_t load_process(const char *path) {
    process_t p = {0};
    FILE *f = fopen(path, "rb");
    if (!f) { perror(path); exit(1); }
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    p.data = malloc(size + 1);
    if (fread(p.data, 1, size, f) != (size_t)size) { perror(path); exit(1); }
    p.data[size] = 0;
    fclose(f);
    size_t lines = 0;
    for (long i = 0; i < size; i++) lines += p.data[i] == '\n';
    p.fields = malloc(lines * 15 * sizeof(char *));
    char *cursor = p.data;
    for (size_t r = 0; r < lines; r++) {
        for (int c = 0; c < 15; c++) {
            p.fields[r * 15 + c] = cursor;
            while (*cursor != '\t' && *cursor != '\n' && *cursor) cursor++;
            *cursor++ = 0;
        }
    }
    p.rows = lines;
    return p;
}

int main(int argc, char **argv) {
    if (argc != 3 && argc != 4) {
        fprintf(stderr, "usage: floor INPUT.csv OUT.xlsx [PROCESS.tsv]\n");
        return 2;
    }
    process_t process = {0};
    if (argc == 4) process = load_process(argv[3]);
    double t0 = now_ms();
    FILE *in = fopen(argv[1], "rb");
    if (!in) { perror(argv[1]); return 1; }
    struct csv_parser p;
    csv_init(&p, 0);
    table_t t = {0};
    t.row_capacity = 1024;
    t.row_start = calloc(t.row_capacity, sizeof(size_t));
    char buf[1 << 16];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0) {
        if (csv_parse(&p, buf, n, on_field, on_record, &t) != n) { fprintf(stderr, "parse error\n"); return 1; }
    }
    csv_fini(&p, on_field, on_record, &t);
    csv_free(&p);
    fclose(in);
    /* Numeric cells as numbers, the way qeval keeps them. */
    size_t fields = t.row_start[1];
    double *values = malloc(t.count * sizeof(double));
    for (size_t i = 0; i < t.count; i++) values[i] = strtod(t.cells[i], NULL);
    double t1 = now_ms();

    lxw_workbook_options options = {.constant_memory = LXW_TRUE, .use_zip64 = LXW_TRUE};
    lxw_workbook *wb = workbook_new_opt(argv[2], &options);
    lxw_format *num = workbook_add_format(wb);
    format_set_num_format(num, "0.00");
    format_set_border(num, LXW_BORDER_THIN);
    lxw_format *text = workbook_add_format(wb);
    format_set_border(text, LXW_BORDER_THIN);

    ranking_sheet(wb, "总排名", &t, 0, 1, 0, num, text);
    const char *tiers[TIERS] = {"第一梯队", "第二梯队", "第三梯队"};
    for (int k = 0; k < TIERS; k++) ranking_sheet(wb, tiers[k], &t, k, TIERS, 1, num, text);
    lxw_worksheet *charts = workbook_add_worksheet(wb, "图表");
    worksheet_write_string(charts, 0, 0, "charts", NULL);
    for (int k = 0; k < 2; k++) {
        lxw_chart *chart = workbook_add_chart(wb, k ? LXW_CHART_BAR_STACKED : LXW_CHART_BAR);
        for (int s = 0; s < (k ? CATEGORIES : 1); s++) {
            lxw_chart_series *series = chart_add_series(chart, NULL, NULL);
            chart_series_set_categories(series, "总排名", 1, 1, 60, 1);
            chart_series_set_values(series, "总排名", 1, 4 + s, 60, 4 + s);
        }
        worksheet_insert_chart(charts, 2, k * 10, chart);
    }
    /* 指标得分 (formulas) and 得分率 (numbers): 3 header rows, 4 + 43 columns. */
    for (int sheet = 0; sheet < 2; sheet++) {
        lxw_worksheet *ws = workbook_add_worksheet(wb, sheet ? "得分率" : "指标得分");
        char f[64], c[8];
        for (int h = 0; h < 3; h++)
            for (int col = 0; col < 4 + INDICATORS; col++) {
                if (h == 1 && col >= 4) {
                    snprintf(f, sizeof f, "'权重'!$F$%d", col - 2);
                    worksheet_write_formula_num(ws, h, col, f, num, 2);
                } else {
                    worksheet_write_string(ws, h, col, "header", text);
                }
            }
        for (size_t i = 1; i < t.rows; i++) {
            lxw_row_t r = 2 + i;
            char **row = t.cells + t.row_start[i];
            worksheet_write_number(ws, r, 0, (double)i, num);
            worksheet_write_string(ws, r, 1, row[0], text);
            worksheet_write_string(ws, r, 2, row[1], text);
            worksheet_write_string(ws, r, 3, "第二梯队", text);
            for (int k = 0; k < INDICATORS; k++) {
                double v = values[t.row_start[i] + 10 + k];
                if (sheet) {
                    worksheet_write_number(ws, r, 4 + k, v, num);
                } else {
                    col_name(4 + k, c);
                    snprintf(f, sizeof f, "'得分率'!%s%u*%s$2", c, r + 1, c);
                    worksheet_write_formula_num(ws, r, 4 + k, f, num, v);
                }
            }
        }
    }
    lxw_worksheet *weights = workbook_add_worksheet(wb, "权重");
    for (int r = 0; r <= INDICATORS + 1; r++)
        for (int c = 0; c < 10; c++) worksheet_write_string(weights, r, c, "weight", text);
    /* 原始数据: 2 header rows; 5 + all input fields but county/city + derived figures. */
    lxw_worksheet *raw = workbook_add_worksheet(wb, "原始数据");
    size_t raw_cols = 5 + (fields - 2) + DERIVED;
    for (int h = 0; h < 2; h++)
        for (size_t c = 0; c < raw_cols; c++) worksheet_write_string(raw, h, c, t.cells[c % fields], text);
    for (size_t i = 1; i < t.rows; i++) {
        lxw_row_t r = 1 + i;
        char **row = t.cells + t.row_start[i];
        double *v = values + t.row_start[i];
        worksheet_write_string(raw, r, 0, row[0], text);
        worksheet_write_string(raw, r, 1, row[1], text);
        worksheet_write_string(raw, r, 2, "第二梯队", text);
        worksheet_write_number(raw, r, 3, (double)(i + 1), num);
        worksheet_write_string(raw, r, 4, "参评", text);
        for (size_t f = 2; f < fields; f++) {
            if (row[f][0] == 0) continue;
            if (v[f] == 0 && row[f][0] != '0') worksheet_write_string(raw, r, 3 + f, row[f], text);
            else worksheet_write_number(raw, r, 3 + f, v[f], num);
        }
        for (int d = 0; d < DERIVED; d++) worksheet_write_number(raw, r, 3 + fields + d, v[20 + d], num);
    }
    lxw_worksheet *eff = workbook_add_worksheet(wb, "功效系数");
    for (int r = 0; r < 40; r++)
        for (int c = 0; c < 10; c++) worksheet_write_number(eff, r, c, r * c, num);
    /* 数据问题: one row per empty input cell, as qeval lists a figure not reported (its most common warning). */
    lxw_worksheet *problems = workbook_add_worksheet(wb, "数据问题");
    for (int c = 0; c < 8; c++) worksheet_write_string(problems, 0, c, "header", text);
    lxw_row_t pr = 1;
    for (size_t i = 1; i < t.rows; i++) {
        char **row = t.cells + t.row_start[i];
        for (size_t f = 2; f < fields; f++) {
            if (row[f][0] != 0) continue;
            worksheet_write_string(problems, pr, 0, "提示", text);
            worksheet_write_string(problems, pr, 1, row[0], text);
            worksheet_write_string(problems, pr, 2, argv[1], text);
            worksheet_write_number(problems, pr, 3, (double)(i + 1), num);
            worksheet_write_string(problems, pr, 4, t.cells[f], text);
            worksheet_write_string(problems, pr, 5, t.cells[f], text);
            worksheet_write_blank(problems, pr, 6, text);
            worksheet_write_string(problems, pr, 7, "not reported: the part it feeds scores 0 (未提供不得分)", text);
            pr++;
        }
    }
    if (process.rows > 0) {
        /* 计分过程: a note row, the header, then the same cells as qeval's, frozen and filtered as qeval's. */
        lxw_worksheet *ps = workbook_add_worksheet(wb, "计分过程");
        worksheet_freeze_panes(ps, 2, 1);
        worksheet_autofilter(ps, 1, 0, (lxw_row_t)(process.rows + 1), 14);
        worksheet_write_string(ps, 0, 0, "note", text);
        for (int c = 0; c < 15; c++) worksheet_write_string(ps, 1, c, "header", text);
        for (size_t r = 0; r < process.rows; r++) {
            for (int c = 0; c < 15; c++) {
                const char *cell = process.fields[r * 15 + c];
                lxw_row_t row = (lxw_row_t)(r + 2);
                if (cell[0] == 'n') worksheet_write_number(ps, row, c, strtod(cell + 2, NULL), num);
                else if (cell[0] == 's') worksheet_write_string(ps, row, c, cell + 2, text);
                else worksheet_write_blank(ps, row, c, text);
            }
        }
    }
    lxw_worksheet *about = workbook_add_worksheet(wb, "说明");
    for (int r = 0; r < 22; r++) worksheet_write_string(about, r, 0, "说明", text);
    lxw_error err = workbook_close(wb);
    double t2 = now_ms();
    if (err) { fprintf(stderr, "%s\n", lxw_strerror(err)); return 1; }
    fprintf(stderr, "floor_ms read=%.1f write=%.1f rows=%zu fields=%zu\n", t1 - t0, t2 - t1, t.rows - 1, fields);
    return 0;
}
