/* svg_chart.c — line charts of yearly series (the σ-convergence trends) and horizontal bar charts, as SVG. Axes
 * use round tick values; missing points break a line rather than being bridged. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "regio/svg.h"

static const char *const SERIES_COLORS[] = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"};
#define NCOLORS (sizeof SERIES_COLORS / sizeof SERIES_COLORS[0])

static double nice_step(double span, int want) {
    double raw = span / want, p = pow(10, floor(log10(raw)));
    double m = raw / p;
    return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
}

static void title_text(regio_svg *s, const char *title, double x, double y) {
    if (!title) return;
    regio_svg_printf(s, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"13\" font-weight=\"bold\">", x, y);
    regio_svg_text(s, title);
    regio_svg_printf(s, "</text>");
}

int regio_svg_line_chart(regio_svg *s, const char *title, const double *x, size_t npoints,
                         const regio_chart_series *series, size_t nseries, const char *ylabel, double width,
                         double height, regio_error *err) {
    return regio_svg_line_chart_marked(s, title, x, npoints, series, nseries, ylabel, width, height, NULL, 0, err);
}

int regio_svg_line_chart_marked(regio_svg *s, const char *title, const double *x, size_t npoints,
                                const regio_chart_series *series, size_t nseries, const char *ylabel, double width,
                                double height, const regio_chart_mark *marks, size_t nmarks, regio_error *err) {
    double W = width > 0 ? width : 520, H = height > 0 ? height : 260;
    double L = 56, R = 130, T = 30, B = 36;
    double ymin = INFINITY, ymax = -INFINITY, xmin = INFINITY, xmax = -INFINITY;
    for (size_t i = 0; i < npoints; i++) { xmin = fmin(xmin, x[i]); xmax = fmax(xmax, x[i]); }
    for (size_t k = 0; k < nseries; k++)
        for (size_t i = 0; i < npoints; i++)
            if (isfinite(series[k].y[i])) { ymin = fmin(ymin, series[k].y[i]); ymax = fmax(ymax, series[k].y[i]); }
    if (!npoints || !isfinite(ymin))
        return regio_error_set(err, REGIO_EINVAL, "图表没有数据：%s", "the chart has no data: %s", title ? title : "");
    if (xmax == xmin) { xmin -= 1; xmax += 1; }
    if (ymin > 0 && ymin < (ymax - ymin)) ymin = 0;
    if (ymax == ymin) { ymax += fabs(ymax) * 0.1 + 1e-9; ymin -= fabs(ymin) * 0.1 + 1e-9; }
    double step = nice_step(ymax - ymin, 5);
    ymin = floor(ymin / step) * step;
    ymax = ceil(ymax / step) * step;
    double pw = W - L - R, ph = H - T - B;
#define PX(v) (L + ((v) - xmin) / (xmax - xmin) * pw)
#define PY(v) (T + (ymax - (v)) / (ymax - ymin) * ph)
    regio_svg_printf(s, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" height=\"%.0f\" role=\"img\">",
                     W, H, W, H);
    title_text(s, title, 8, 18);
    regio_svg_printf(s, "<g font-size=\"10\" stroke-width=\"0.5\">");
    int dec = step >= 1 ? 0 : (int)ceil(-log10(step));
    for (double v = ymin; v <= ymax + step / 2; v += step) {
        regio_svg_printf(s, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>", L, L + pw, PY(v), PY(v));
        regio_svg_printf(s, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%.*f</text>", L - 4, PY(v) + 3, dec, v);
    }
    double xstep = nice_step(xmax - xmin, npoints < 8 ? (int)npoints : 8);
    if (xstep < 1) xstep = 1;
    for (double v = ceil(xmin); v <= xmax + 1e-9; v += xstep)
        regio_svg_printf(s, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%.0f</text>", PX(v), T + ph + 14, v);
    regio_svg_printf(s, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#333\"/>", L, L + pw, T + ph, T + ph);
    regio_svg_printf(s, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#333\"/>", L, L, T, T + ph);
    if (ylabel) {
        regio_svg_printf(s, "<text transform=\"translate(12 %.1f) rotate(-90)\" text-anchor=\"middle\">", T + ph / 2);
        regio_svg_text(s, ylabel);
        regio_svg_printf(s, "</text>");
    }
    regio_svg_printf(s, "</g>");
    /* series breaks: a dashed line between the last year on the old basis and the first on the new, labelled */
    for (size_t m = 0; m < nmarks; m++) {
        double bx = marks[m].x - 0.5;
        if (!(bx > xmin && bx < xmax)) continue;
        regio_svg_printf(s, "<g class=\"series-break\" data-year=\"%.0f\">", marks[m].x);
        if (marks[m].detail) {
            regio_svg_printf(s, "<title>");
            regio_svg_text(s, marks[m].detail);
            regio_svg_printf(s, "</title>");
        }
        regio_svg_printf(s, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#b2182b\" stroke-width=\"1.2\" stroke-dasharray=\"4 3\"/>",
                         PX(bx), PX(bx), T, T + ph);
        int right = bx > (xmin + xmax) / 2; /* in the right half the label runs to the left, clear of the legend */
        regio_svg_printf(s, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"9\" fill=\"#b2182b\" text-anchor=\"%s\" stroke=\"#fff\" stroke-width=\"3\" "
                            "paint-order=\"stroke\">", PX(bx) + (right ? -3 : 3), T + 10 + 11 * (double)m, right ? "end" : "start");
        regio_svg_text(s, marks[m].label ? marks[m].label : "");
        regio_svg_printf(s, "</text></g>");
    }
    for (size_t k = 0; k < nseries; k++) {
        const char *col = SERIES_COLORS[k % NCOLORS];
        regio_svg_printf(s, "<path fill=\"none\" stroke=\"%s\" stroke-width=\"1.8\" d=\"", col);
        int pen = 0;
        for (size_t i = 0; i < npoints; i++) {
            if (!isfinite(series[k].y[i])) { pen = 0; continue; }
            regio_svg_printf(s, "%c%.1f %.1f", pen ? 'L' : 'M', PX(x[i]), PY(series[k].y[i]));
            pen = 1;
        }
        regio_svg_printf(s, "\"/>");
        for (size_t i = 0; i < npoints; i++)
            if (isfinite(series[k].y[i]))
                regio_svg_printf(s, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.2\" fill=\"%s\"/>", PX(x[i]), PY(series[k].y[i]), col);
        double ly = T + 8 + 16 * (double)k;
        regio_svg_printf(s, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"2\"/>", L + pw + 10, L + pw + 28,
                         ly, ly, col);
        regio_svg_printf(s, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\">", L + pw + 32, ly + 3);
        regio_svg_text(s, series[k].name);
        regio_svg_printf(s, "</text>");
    }
#undef PX
#undef PY
    regio_svg_printf(s, "</svg>");
    return s->failed ? regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory") : REGIO_OK;
}

int regio_svg_bar_chart(regio_svg *s, const char *title, const char *const *labels, const double *values,
                        const char *const *colors, size_t n, int decimals, const char *unit, double width,
                        regio_error *err) {
    double W = width > 0 ? width : 520, L = 150, R = 70, T = 28, bh = 16, gap = 5;
    double H = T + (double)n * (bh + gap) + 10;
    double lo = 0, hi = 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(values[i])) { lo = fmin(lo, values[i]); hi = fmax(hi, values[i]); }
    if (hi == lo) hi = lo + 1;
    double pw = W - L - R;
#define BX(v) (L + ((v) - lo) / (hi - lo) * pw)
    regio_svg_printf(s, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" height=\"%.0f\" role=\"img\">",
                     W, H, W, H);
    title_text(s, title, 8, 18);
    regio_svg_printf(s, "<g font-size=\"10\">");
    for (size_t i = 0; i < n; i++) {
        double y = T + (double)i * (bh + gap);
        regio_svg_printf(s, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">", L - 6, y + bh - 4);
        regio_svg_text(s, labels[i]);
        regio_svg_printf(s, "</text>");
        if (!isfinite(values[i])) continue;
        double x0 = BX(fmin(0, values[i])), x1 = BX(fmax(0, values[i]));
        regio_svg_printf(s, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>", x0, y, fmax(x1 - x0, 0.5), bh,
                         colors && colors[i] ? colors[i] : "#2c7fb8");
        regio_svg_printf(s, "<text x=\"%.1f\" y=\"%.1f\">%.*f%s</text>", x1 + 4, y + bh - 4, decimals, values[i], unit ? unit : "");
    }
    regio_svg_printf(s, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#333\" stroke-width=\"0.6\"/>", BX(0), BX(0), T - 2,
                     H - 8);
#undef BX
    regio_svg_printf(s, "</g></svg>");
    return s->failed ? regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory") : REGIO_OK;
}
