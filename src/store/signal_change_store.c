/*
 * signal_change_store.c: SQL for merging and placing signals.
 */
#include "signal_change_store.h"
#include "signal_store.h"

static const char SQL_MERGE[] =
    "UPDATE signal SET merged_into = ?2, status = 'geannuleerd', closed_at = ?3, updated_at = ?3"
    " WHERE id = ?1 AND merged_into IS NULL";
static const char SQL_FOLLOW[] =
    "INSERT INTO signal_contact (signal_id, name, email, phone)"
    " SELECT ?2, name, email, phone FROM signal_contact WHERE signal_id = ?1"
    " AND erased_at IS NULL";

int signal_store_merge(db *d, int64_t id, int64_t into, int64_t now)
{
    sqlite3_stmt *st = db_stmt(d, SQL_MERGE);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, into);
    sqlite3_bind_int64(st, 3, now);
    int rc = db_exec_stmt(st);
    if (rc != DB_OK)
        return rc;
    if (db_changes(d) == 0)
        return DB_NOTFOUND;
    st = db_stmt(d, SQL_FOLLOW);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, into);
    return db_exec_stmt(st);
}

static const char SQL_PLACE[] =
    "UPDATE signal SET lat = ?2, lon = ?3, location_known = 1, wijk_id = nullif(?4, 0),"
    " updated_at = ?5, address_street = ?6, address_number = ?7, address_postcode = ?8,"
    " address_city = ?9 WHERE id = ?1";

int signal_store_place(db *d, int64_t id, double lat, double lon, int64_t wijk_id,
                       const struct signal_address *addr, int64_t now)
{
    static const struct signal_address none = {NULL, NULL, NULL, NULL};
    if (!addr)
        addr = &none;
    sqlite3_stmt *st = db_stmt(d, SQL_PLACE);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_double(st, 2, lat);
    sqlite3_bind_double(st, 3, lon);
    sqlite3_bind_int64(st, 4, wijk_id);
    sqlite3_bind_int64(st, 5, now);
    db_bind_text_opt(st, 6, addr->street);
    db_bind_text_opt(st, 7, addr->number);
    db_bind_text_opt(st, 8, addr->postcode);
    db_bind_text_opt(st, 9, addr->city);
    return db_exec_stmt(st);
}
