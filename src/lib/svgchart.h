/*
 * svgchart.h: small line and bar charts as inline SVG, drawn on the server.
 *
 * The monitor and the council report show trends without JavaScript, on
 * paper and in a PDF. A chart is an image with a name and a description
 * for screen readers (role="img", <title> and <desc> via aria-labelledby);
 * the page puts the same figures beside it as a table. Colours have at
 * least 3:1 contrast with white (WCAG 1.4.11) and series differ in shape
 * too (markers, dashes), not in colour alone. All text is escaped.
 */
#ifndef WR_SVGCHART_H
#define WR_SVGCHART_H

#include "lib/buf.h"

#include <stddef.h>

enum svgchart_kind { SVGCHART_BAR, SVGCHART_LINE };

#define SVGCHART_MAX_SERIES 4

struct svgchart_series {
    const char *name;
    const double *values; /* nlabels values; NaN: no value */
};

struct svgchart {
    enum svgchart_kind kind;
    const char *id; /* unique on the page: [A-Za-z0-9-] */
    const char *title, *desc;
    size_t nlabels;
    const char *const *labels; /* x axis */
    size_t nseries;
    struct svgchart_series series[SVGCHART_MAX_SERIES];
    const char *decimal; /* "," or "." for the axis numbers */
};

/* Appends the chart's <svg> to out. 0 on success, -1 on bad input. */
int svgchart_render(const struct svgchart *c, buf *out);

#endif
