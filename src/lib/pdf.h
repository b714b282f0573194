/*
 * pdf.h: turning a self-contained HTML page into PDF with a tool from the
 * distribution, found at run time: WeasyPrint (`weasyprint`) or Chromium's
 * headless print (`chromium`). Neither is required: without one the
 * council report offers HTML and the browser's print.
 *
 * The tool runs as a child process on files in a private temporary folder,
 * with a time limit; the HTML must not need the network (styles inline).
 */
#ifndef WR_PDF_H
#define WR_PDF_H

#include "lib/buf.h"

/* The tool's path, or NULL when none is installed. WIJKREGIE_PDF_TOOL
 * overrides the search ("none" disables PDF). */
const char *pdf_tool(void);
/* Converts html to PDF into out. 0 on success. */
int pdf_from_html(const char *html, size_t len, buf *out);

#endif
