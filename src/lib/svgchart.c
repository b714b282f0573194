/*
 * svgchart.c: see svgchart.h. The drawing is deliberately plain: a value
 * axis from zero to a rounded maximum with four grid lines, labels on the
 * category axis (thinned out when there are many), bars side by side per
 * label or lines with markers.
 */
#include "svgchart.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define W      640
#define H      280
#define LEFT   56
#define RIGHT  12
#define TOP    16
#define BOTTOM 56
#define LEGEND 20

/* Dark enough on white for graphical objects (>= 3:1) and apart from each other. */
static const char *const COLOURS[SVGCHART_MAX_SERIES] = {"#1d4f91", "#b1450f", "#2b6a2f",
                                                         "#6b3fa0"};
static const char *const DASHES[SVGCHART_MAX_SERIES] = {"", "6 3", "2 3", "8 3 2 3"};

static int id_ok(const char *id)
{
    if (!id || !*id)
        return 0;
    for (const char *p = id; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '-'))
            return 0;
    return 1;
}

static void text(buf *b, const char *s)
{
    buf_html(b, s ? s : "", s ? strlen(s) : 0);
}

/* A "nice" upper bound for the axis: 1, 2, 2.5 or 5 times a power of ten. */
static double nice_max(double v)
{
    if (!(v > 0))
        return 1;
    double p = pow(10, floor(log10(v)));
    static const double steps[] = {1, 2, 2.5, 5, 10};
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
        if (v <= steps[i] * p)
            return steps[i] * p;
    return 10 * p;
}

static void number(buf *b, double v, const char *decimal)
{
    char s[48];
    if (v == floor(v) && fabs(v) < 1e15)
        snprintf(s, sizeof s, "%.0f", v);
    else
        snprintf(s, sizeof s, "%.1f", v);
    for (char *p = s; *p; p++)
        if (*p == '.' && decimal && *decimal == ',')
            *p = ',';
    buf_puts(b, s);
}

int svgchart_render(const struct svgchart *c, buf *b)
{
    if (!c || !id_ok(c->id) || c->nseries == 0 || c->nseries > SVGCHART_MAX_SERIES)
        return -1;
    double max = 0;
    for (size_t s = 0; s < c->nseries; s++)
        for (size_t i = 0; i < c->nlabels; i++) {
            double v = c->series[s].values[i];
            if (!isnan(v) && v > max)
                max = v;
        }
    max = nice_max(max);
    int legend = c->nseries > 1 ? LEGEND : 0;
    double pw = W - LEFT - RIGHT, ph = H - TOP - BOTTOM - legend;
    double base = TOP + ph;

    buf_printf(b,
               "<svg class=\"wr-chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\""
               " role=\"img\" aria-labelledby=\"%s-t %s-d\" focusable=\"false\">",
               W, H, c->id, c->id);
    buf_printf(b, "<title id=\"%s-t\">", c->id);
    text(b, c->title);
    buf_printf(b, "</title><desc id=\"%s-d\">", c->id);
    text(b, c->desc);
    buf_puts(b, "</desc><g font-family=\"sans-serif\" font-size=\"12\" fill=\"#1a1a1a\">");

    /* value axis and grid */
    for (int g = 0; g <= 4; g++) {
        double y = base - ph * g / 4.0;
        buf_printf(b,
                   "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"%s\""
                   " stroke-width=\"1\"/>",
                   LEFT, y, W - RIGHT, y, g == 0 ? "#1a1a1a" : "#c8c8c8");
        buf_printf(b, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">", LEFT - 6, y + 4);
        number(b, max * g / 4.0, c->decimal);
        buf_puts(b, "</text>");
    }

    /* category labels, at most about 12 shown */
    size_t every = c->nlabels > 12 ? (c->nlabels + 11) / 12 : 1;
    double slot = c->nlabels ? pw / (double)c->nlabels : pw;
    for (size_t i = 0; i < c->nlabels; i += every) {
        double x = LEFT + slot * ((double)i + 0.5);
        buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">", x, base + 18);
        text(b, c->labels[i]);
        buf_puts(b, "</text>");
    }

    for (size_t s = 0; s < c->nseries; s++) {
        const double *v = c->series[s].values;
        if (c->kind == SVGCHART_BAR) {
            double bw = slot * 0.8 / (double)c->nseries;
            for (size_t i = 0; i < c->nlabels; i++) {
                if (isnan(v[i]))
                    continue;
                double h = ph * v[i] / max;
                double x = LEFT + slot * (double)i + slot * 0.1 + bw * (double)s;
                buf_printf(b,
                           "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\""
                           " fill=\"%s\"/>",
                           x, base - h, bw > 1 ? bw - 0.5 : bw, h, COLOURS[s]);
            }
        } else {
            buf_printf(b,
                       "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s%s%s points=\"",
                       COLOURS[s], *DASHES[s] ? " stroke-dasharray=\"" : "", DASHES[s],
                       *DASHES[s] ? "\"" : "");
            for (size_t i = 0; i < c->nlabels; i++)
                if (!isnan(v[i]))
                    buf_printf(b, "%.1f,%.1f ", LEFT + slot * ((double)i + 0.5),
                               base - ph * v[i] / max);
            buf_puts(b, "\"/>");
            for (size_t i = 0; i < c->nlabels; i++)
                if (!isnan(v[i])) {
                    double x = LEFT + slot * ((double)i + 0.5), y = base - ph * v[i] / max;
                    if (s % 2 == 0)
                        buf_printf(b, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>", x, y,
                                   COLOURS[s]);
                    else
                        buf_printf(b,
                                   "<rect x=\"%.1f\" y=\"%.1f\" width=\"6\" height=\"6\""
                                   " fill=\"%s\"/>",
                                   x - 3, y - 3, COLOURS[s]);
                }
        }
    }

    /* legend */
    if (legend) {
        double x = LEFT;
        for (size_t s = 0; s < c->nseries; s++) {
            buf_printf(b, "<rect x=\"%.1f\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>", x,
                       H - legend, COLOURS[s]);
            buf_printf(b, "<text x=\"%.1f\" y=\"%d\">", x + 16, H - legend + 10);
            text(b, c->series[s].name);
            buf_puts(b, "</text>");
            x += 28 + 7.0 * (double)strlen(c->series[s].name ? c->series[s].name : "");
        }
    }
    buf_puts(b, "</g></svg>");
    return 0;
}
