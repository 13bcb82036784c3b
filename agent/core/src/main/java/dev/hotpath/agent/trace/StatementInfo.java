package dev.hotpath.agent.trace;

import dev.hotpath.sql.SanitizedSql;

/** What we remember per statement object: its sanitized SQL (prepared), its database, its pending batch. */
final class StatementInfo {
    volatile SanitizedSql sql;
    final DbInfo db;
    int batchCount;

    StatementInfo(SanitizedSql sql, DbInfo db) {
        this.sql = sql;
        this.db = db;
    }
}
