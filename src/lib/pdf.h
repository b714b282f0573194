/*
 * pdf.h: turning a self-contained HTML page into PDF with a tool from the
 * distribution, found at run time: WeasyPrint (`weasyprint`, preferred: no
 * browser, no sandbox question) or Chromium's headless print (`chromium`).
 * Neither is required: without one the council report offers HTML and the
 * browser's print.
 *
 * The tool runs as a child process (its own process group) on files in a
 * private temporary folder, with a time limit; the HTML must not need the
 * network (styles inline).
 *
 * The server never runs the tool on a worker thread. pdf_render() hands the
 * HTML to one render thread, which runs one tool at a time: a tool can take
 * hundreds of megabytes and several seconds, and six parallel requests once
 * started 26 Chromium processes. A request waits a short while for the
 * render it asked for (only one request waits at a time, so the workers stay
 * free); otherwise it is told to come back (PDF_BUSY with a Retry-After).
 * Finished PDFs are kept in memory by key: pdf_lookup() answers from there
 * while the data has not changed (the caller's generation, the page cache's)
 * and for PDF_FRESH_SECONDS after; after that the caller renders the HTML
 * again and pdf_render() gives the kept PDF when the HTML is the same bytes
 * (a hash), so a PDF is made again only when what it shows has changed. A
 * document that never changes (the report of a closed year) is written to
 * store_path once and read from there ever after.
 */
#ifndef WR_PDF_H
#define WR_PDF_H

#include "lib/buf.h"

#include <stdint.h>

/* The tool's path, or NULL when none is installed. WIJKREGIE_PDF_TOOL
 * overrides the search ("none" disables PDF). */
const char *pdf_tool(void);
/* Converts html to PDF into out, on the calling thread (the command line).
 * 0 on success. */
int pdf_from_html(const char *html, size_t len, buf *out);

#define PDF_KEY_MAX        96
#define PDF_FRESH_SECONDS  60
#define PDF_WAIT_MS        10000 /* how long the one waiting request waits */
#define PDF_QUEUE_MAX      4     /* renders queued or running at most */
#define PDF_KEEP_BYTES     ((size_t)64 * 1024 * 1024)
#define PDF_RETRY_FAILED_S 60 /* a document the tool failed on is not tried again sooner */

enum pdf_status {
    PDF_READY,   /* out holds the PDF */
    PDF_MISSING, /* (pdf_lookup) not known: render the HTML and call pdf_render */
    PDF_BUSY,    /* being made, or the queue is full: come back after *retry_after seconds */
    PDF_FAILED,  /* the tool failed on this document */
};

/* One document. */
struct pdf_doc {
    const char *key;        /* what it is, e.g. "2025 oosterheem nl"; < PDF_KEY_MAX bytes */
    uint64_t generation;    /* the generation of the data now (pagecache_generation()) */
    const char *store_path; /* a document that never changes: kept in this file; else NULL */
};

/*
 * Without the HTML, cheap: PDF_READY with the PDF in out when it is at
 * store_path, or was made or confirmed under this generation less than
 * PDF_FRESH_SECONDS ago; PDF_BUSY when a render of the key is queued or
 * running, or another request is preparing its HTML; else PDF_MISSING, and
 * the caller is now the one preparing it: it must call pdf_render() or
 * pdf_abandon() for the key.
 */
enum pdf_status pdf_lookup(const struct pdf_doc *doc, buf *out, /* out: */ unsigned *retry_after);
/*
 * With the HTML: PDF_READY when the kept PDF of the key was made of exactly
 * this HTML (it is then confirmed under doc->generation). Otherwise queues the
 * render (PDF_BUSY at once when PDF_QUEUE_MAX renders are waiting) and waits
 * up to wait_ms for it, when no other request is waiting already: PDF_READY,
 * PDF_FAILED, or PDF_BUSY when it is not done by then (it goes on, and is
 * kept). PDF_FAILED at once for HTML the tool failed on in the last
 * PDF_RETRY_FAILED_S seconds.
 */
enum pdf_status pdf_render(const struct pdf_doc *doc, const char *html, size_t len,
                           unsigned wait_ms, buf *out, /* out: */ unsigned *retry_after);
/* The HTML of a key pdf_lookup() left to the caller will not come (an error). */
void pdf_abandon(const struct pdf_doc *doc);
/* How many renders ran in this process (for tests and metrics). */
unsigned long pdf_renders(void);
/* Stops the render thread (killing a tool that runs) and frees what is kept. */
void pdf_shutdown(void);

#endif
