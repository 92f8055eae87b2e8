#ifndef CHECKPOINTD_CSQLITE_SHIM_H
#define CHECKPOINTD_CSQLITE_SHIM_H
#include <sqlite3.h>

// SQLITE_TRANSIENT is a macro casting -1 to a function pointer: Swift cannot import it.
static inline sqlite3_destructor_type checkpointd_sqlite_transient(void) { return SQLITE_TRANSIENT; }
static inline sqlite3_destructor_type checkpointd_sqlite_static(void) { return SQLITE_STATIC; }

// sqlite3_db_config is variadic: wrap the calls we use.
static inline int checkpointd_sqlite_defensive(sqlite3 *db, int on) {
    return sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, on, (int *)0);
}
#endif
