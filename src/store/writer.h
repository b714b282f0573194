/*
 * writer.h: group commit and background checkpoints.
 *
 * With synchronous=FULL every commit waits for an fsync of the WAL. When
 * many requests write at once (a storm night, an app that sends in bulk)
 * each waiting for its own fsync under the one write lock, the queue grows
 * a long tail. The writer thread instead takes every write queued so far,
 * runs each inside one transaction under its own SAVEPOINT (a failing write
 * undoes only itself) and commits them together: one fsync for many. A
 * request is answered only after the commit that holds its write, so an
 * acknowledged write is on disk as before.
 *
 * Checkpoints are taken by a background thread too: request connections
 * only note that the WAL has grown (wal_autocheckpoint is off there), so a
 * checkpoint never stalls a request.
 */
#ifndef WR_WRITER_H
#define WR_WRITER_H

#include "store/db.h"

/* One write: runs on the connection d inside a write transaction; 0 keeps
 * its changes, anything else rolls them back (and is handed back as is). */
typedef int (*db_write_fn)(db *d, void *ctx);

/* Starts the writer and the checkpoint threads (the server does, after
 * db_setup); 0 on success. Without them writes run on the caller's own
 * connection and SQLite checkpoints as it commits. */
int db_writer_start(void);
/* Finishes the queued writes, stops both threads and checkpoints. */
void db_writer_stop(void);

/* Runs fn(ctx) in a write transaction and returns its result once that
 * transaction is committed (or -1 when the commit failed: nothing of fn
 * stayed). With the writer running fn runs on the writer's connection,
 * together with whatever else was queued; otherwise on d, alone. fn must
 * not begin or end transactions itself. */
int db_write(db *d, db_write_fn fn, void *ctx);

/* As db_write, without waiting: fn(ctx) is queued and on_done(arg, rc) is
 * called once its transaction is committed (rc as db_write's), on the
 * writer's thread; without the writer fn runs on d at once and on_done is
 * called before this returns. 0, or -1 when nothing was queued (out of
 * memory; on_done is not called then). on_done must be short: the next
 * group waits for it. */
int db_write_queue(db *d, db_write_fn fn, void *ctx, void (*on_done)(void *arg, int rc), void *arg);

/* Writes grouped so far and the transactions that held them (for the
 * metrics and the bench). */
void db_writer_counts(uint64_t *writes, uint64_t *commits);
/* Writes waiting for the writer (not yet in a transaction). */
size_t db_writer_queued(void);

#endif
