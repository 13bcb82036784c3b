package dev.hotpath.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SqlSanitizerTest {

    private static String text(String sql) {
        return SqlSanitizer.sanitize(sql).text();
    }

    private static String fp(String sql) {
        return SqlSanitizer.sanitize(sql).fingerprint();
    }

    private static void assertNoLeak(String sql, String... secrets) {
        String t = text(sql);
        for (String secret : secrets) {
            assertFalse(t.contains(secret), () -> "'" + secret + "' leaked into: " + t);
        }
    }

    /** Reference FNV-1a 64 over UTF-8 bytes, written independently of the implementation. */
    private static String fnv(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return String.format("%016x", h);
    }

    // ------------------------------------------------------------------ string literals

    @Test
    void doubledQuoteEscape() {
        assertEquals("SELECT * FROM t WHERE name = ? AND b = ?",
                text("SELECT * FROM t WHERE name = 'it''s' AND b = 'x'"));
    }

    @Test
    void backslashEscape() {
        assertEquals("SELECT * FROM t WHERE name = ? AND id = ?",
                text("SELECT * FROM t WHERE name = 'a\\'b' AND id = 7"));
        assertEquals("SELECT ?, ?", text("SELECT 'ends with backslash\\\\', 'next'"));
    }

    @Test
    void emptyAndAdjacentStrings() {
        assertEquals("SELECT ?, ? || ?", text("SELECT '', 'a' || ''''"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"E'sec\\'ret'", "e'secret'", "N'secret'", "n'secret'", "U&'secr\\0065t'",
            "u&'secret'", "B'101'", "b'101'", "X'DEADBEEF'", "x'deadbeef'", "_utf8mb4'secret'",
            "q'[it's secret]'", "Q'{secret}'", "nq'<secret>'", "q'!secret!'"})
    void prefixedStringsBecomeOnePlaceholder(String literal) {
        assertEquals("SELECT * FROM t WHERE c = ? AND d = ?",
                text("SELECT * FROM t WHERE c = " + literal + " AND d = 'x'"));
    }

    @Test
    void typedLiteralKeepsItsType() {
        assertEquals("SELECT DATE ?, TIMESTAMP ?", text("SELECT DATE '2024-01-01', TIMESTAMP '2024-01-01 10:00'"));
    }

    // ------------------------------------------------------------------ dollar quoting

    @Test
    void dollarQuotedPlain() {
        assertEquals("SELECT ? FROM t", text("SELECT $$it's a 'quoted' $ sign$$ FROM t"));
    }

    @Test
    void dollarQuotedTagged() {
        assertEquals("SELECT ?, ? FROM t",
                text("SELECT $tag$ contains $$ and $other$ and 'quotes' $tag$, $a$x$a$ FROM t"));
    }

    @Test
    void dollarPlaceholdersAndIdentifiersKept() {
        assertEquals("SELECT v$session.sid FROM v$session WHERE a = $1 AND b = $12",
                text("SELECT v$session.sid FROM v$session WHERE a = $1 AND b = $12"));
    }

    @Test
    void dollarQuotedFunctionBody() {
        String sql = "CREATE FUNCTION f() RETURNS int AS $body$\nBEGIN\n  RETURN 'sekrit';\nEND;\n$body$ LANGUAGE plpgsql";
        assertEquals("CREATE FUNCTION f() RETURNS int AS ? LANGUAGE plpgsql", text(sql));
        assertEquals("CREATE", SqlSanitizer.sanitize(sql).operation());
    }

    // ------------------------------------------------------------------ numbers

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "SELECT * FROM t WHERE x = -5|SELECT * FROM t WHERE x = ?",
            "SELECT * FROM t WHERE x = +5|SELECT * FROM t WHERE x = ?",
            "SELECT * FROM t WHERE x=-5|SELECT * FROM t WHERE x=?",
            "SELECT * FROM t WHERE x > -1.5 AND y < -.5|SELECT * FROM t WHERE x > ? AND y < ?",
            "SELECT a-5, a - 5, 3-2, (a)-1 FROM t|SELECT a-?, a - ?, ?-?, (a)-? FROM t",
            "SELECT -1, f(-2, -3) FROM t|SELECT ?, f(?, ?) FROM t",
            "SELECT * FROM t WHERE x IN (-1, -2) OR y BETWEEN -3 AND -4|SELECT * FROM t WHERE x IN (?) OR y BETWEEN ? AND ?",
            "SELECT 1e10, 2.5E-3, 6.02e+23, 1.5, .5, 5., 0x1F, 0XFF, 0b101, 1_000|SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?",
            "SELECT * FROM t LIMIT 10 OFFSET 20|SELECT * FROM t LIMIT ? OFFSET ?",
            "SELECT CASE WHEN a THEN -1 ELSE -2 END FROM t|SELECT CASE WHEN a THEN ? ELSE ? END FROM t",
    })
    void numbers(String sql, String expected) {
        assertEquals(expected, text(sql));
    }

    @Test
    void digitsInsideIdentifiersAreNotLiterals() {
        assertEquals("SELECT t1.col_2, c3po FROM table9 t1 WHERE t1.x2 = ?",
                text("SELECT t1.col_2, c3po FROM table9 t1 WHERE t1.x2 = 33"));
    }

    @Test
    void booleansAndNullKept() {
        assertEquals("UPDATE t SET a = NULL, b = TRUE, c = false WHERE d IS NOT NULL AND e = ?",
                text("UPDATE t SET a = NULL, b = TRUE, c = false WHERE d IS NOT NULL AND e = 1"));
    }

    // ------------------------------------------------------------------ comments

    @Test
    void lineComment() {
        assertEquals("SELECT a FROM t WHERE b = ?", text("SELECT a -- don't 'leak' this\nFROM t WHERE b = 1 -- end"));
    }

    @Test
    void blockComment() {
        assertEquals("SELECT a FROM t WHERE b = ?", text("/* it's a hint */ SELECT /*+ INDEX(t) */ a FROM t WHERE b = 1"));
        assertEquals("SELECT a b FROM t", text("SELECT a/**/b FROM t"));
    }

    @Test
    void hashComment() {
        assertEquals("SELECT a FROM t WHERE b = ?", text("SELECT a # it's mysql\nFROM t WHERE b = 1 #trailing"));
        assertEquals("SELECT a FROM t", text("# leading comment\nSELECT a FROM t"));
    }

    @Test
    void hashNotAtTokenStartIsAnOperator() {
        assertEquals("SELECT a#b, data #> ?, data #>> ? FROM t",
                text("SELECT a#b, data #> '{a}', data #>> '{a,b}' FROM t"));
    }

    @Test
    void sqlServerTempTable() {
        SanitizedSql s = SqlSanitizer.sanitize("SELECT * FROM #temp WHERE a = 1");
        assertEquals("SELECT * FROM #temp WHERE a = ?", s.text());
        assertEquals("#temp", s.table());
    }

    @Test
    void commentMarkersInsideStringsAreLiteralText() {
        assertEquals("SELECT ?, ?, ? FROM t", text("SELECT '-- no', '/* no */', '# no' FROM t"));
    }

    // ------------------------------------------------------------------ identifiers

    @Test
    void quotedIdentifiersKeptVerbatim() {
        assertEquals("SELECT \"col 1\", \"it's\", \"a\"\"b\", \"42\" FROM \"My Table\" WHERE \"x\" = ?",
                text("SELECT \"col 1\", \"it's\", \"a\"\"b\", \"42\" FROM \"My Table\" WHERE \"x\" = 'v'"));
    }

    @Test
    void backtickIdentifiersKeptVerbatim() {
        SanitizedSql s = SqlSanitizer.sanitize("SELECT `col 1`, `select` FROM `db`.`my``table` WHERE `id` = 5");
        assertEquals("SELECT `col 1`, `select` FROM `db`.`my``table` WHERE `id` = ?", s.text());
        assertEquals("db.my`table", s.table());
    }

    @Test
    void bracketIdentifiersKeptVerbatim() {
        SanitizedSql s = SqlSanitizer.sanitize("SELECT [col 1], [Order Id] FROM [dbo].[My Table] WHERE [x] = 'v'");
        assertEquals("SELECT [col 1], [Order Id] FROM [dbo].[My Table] WHERE [x] = ?", s.text());
        assertEquals("dbo.My Table", s.table());
    }

    @Test
    void arraysAreNotBracketIdentifiers() {
        assertEquals("SELECT arr[?], ARRAY[?, ?], ARRAY [?], m[?:?] FROM t",
                text("SELECT arr[1], ARRAY['secret', 'other'], ARRAY [4111111111111111], m[1:2] FROM t"));
    }

    @Test
    void placeholdersKept() {
        assertEquals("SELECT * FROM t WHERE a = ? AND b = :name AND c = $1 AND d = @p1 AND e = :1 AND f = x::int",
                text("SELECT * FROM t WHERE a = ? AND b = :name AND c = $1 AND d = @p1 AND e = :1 AND f = x::int"));
        assertEquals("SELECT @@version", text("SELECT @@version"));
    }

    @Test
    void unicodeIdentifiersKept() {
        assertEquals("SELECT größe, 名前 FROM tabelle WHERE größe = ?", text("SELECT größe, 名前 FROM tabelle WHERE größe = 'groß'"));
    }

    // ------------------------------------------------------------------ IN lists and VALUES

    @Test
    void inListsCollapse() {
        String expected = "SELECT * FROM t WHERE id IN (?)";
        assertEquals(expected, text("SELECT * FROM t WHERE id IN (1)"));
        assertEquals(expected, text("SELECT * FROM t WHERE id IN (1, 2, 3)"));
        assertEquals(expected, text("SELECT * FROM t WHERE id IN ( 'a' , 'b' )"));
        assertEquals(expected, text("SELECT * FROM t WHERE id IN (?, ?, ?, ?, ?)"));
        assertEquals(expected, text("SELECT * FROM t WHERE id IN(?,:a,$1,@p2,-5,0x10)"));
        assertEquals("SELECT * FROM t WHERE id not in (?)", text("SELECT * FROM t WHERE id not in (1,2)"));
    }

    @Test
    void inListFingerprintsIgnoreLength() {
        String one = fp("SELECT * FROM t WHERE id IN (1)");
        assertEquals(one, fp("SELECT * FROM t WHERE id IN (1, 2, 3, 4, 5, 6, 7, 8, 9, 10)"));
        assertEquals(one, fp("select * from t where id in (?,?)"));
        assertEquals(one, fp("SELECT * FROM t WHERE id IN ('x', 'y')"));
    }

    @Test
    void inWithSubqueryOrExpressionsIsNotCollapsed() {
        assertEquals("SELECT * FROM t WHERE id IN (SELECT id FROM u WHERE k IN (?))",
                text("SELECT * FROM t WHERE id IN (SELECT id FROM u WHERE k IN (1, 2))"));
        assertEquals("SELECT * FROM t WHERE id IN (a, ?)", text("SELECT * FROM t WHERE id IN (a, 2)"));
        assertEquals("SELECT * FROM t WHERE id IN (?+?, ?)", text("SELECT * FROM t WHERE id IN (1+2, 3)"));
        assertEquals("SELECT * FROM t WHERE id IN (NULL, ?)", text("SELECT * FROM t WHERE id IN (NULL, 3)"));
    }

    @Test
    void multiRowValuesCollapse() {
        String expected = "INSERT INTO t (a, b) VALUES (?, ?)";
        assertEquals(expected, text("INSERT INTO t (a, b) VALUES (1, 'x')"));
        assertEquals(expected, text("INSERT INTO t (a, b) VALUES (1, 'x'), (2, 'y'), (3, 'z')"));
        assertEquals(expected, text("INSERT INTO t (a, b) VALUES (?, ?), (?, ?)"));
        assertEquals("INSERT INTO t(a, b) values (?, ?)", text("INSERT INTO t(a,b) values(1,'x'),(2,'y')"));
        assertEquals("INSERT INTO t (a, b) VALUES (?, now()) ON CONFLICT (a) DO UPDATE SET b = EXCLUDED.b",
                text("INSERT INTO t (a, b) VALUES (1, now()), (2, now()) ON CONFLICT (a) DO UPDATE SET b = EXCLUDED.b"));
        assertEquals(fp("INSERT INTO t (a, b) VALUES (1, 'x')"),
                fp("INSERT INTO t (a, b) VALUES (1, 'x'), (2, 'y'), (3, 'z'), (4, 'w')"));
    }

    @Test
    void valuesRowsWithNestedParens() {
        assertEquals("INSERT INTO t VALUES (f(?, ?), (?))", text("INSERT INTO t VALUES (f(1, 2), (3)), (f(4, 5), (6))"));
    }

    // ------------------------------------------------------------------ whitespace and fingerprints

    @Test
    void whitespaceCollapsedAndTrimmed() {
        assertEquals("SELECT a, b FROM t WHERE c = ?", text("  \n\tSELECT  a ,\n  b\r\nFROM\tt   WHERE c = 1 \n "));
        assertEquals("SELECT f(a, b) FROM t", text("SELECT f( a,b ) FROM t"));
    }

    @Test
    void sameShapeSameFingerprint() {
        String base = fp("SELECT a, b FROM users WHERE id = 1 AND name = 'bob'");
        assertEquals(base, fp("select a,b from users where id = 99 and name = 'alice'"));
        assertEquals(base, fp("SELECT   a,\n   b\nFROM users -- comment\nWHERE id = ?  AND name = :name".replace(":name", "?")));
        assertEquals(base, fp("/* leading */ SELECT a , b FROM users /* x */ WHERE id = -5 AND name = E'x\\'y'"));
        assertEquals(base, fp("Select A, B From USERS Where ID = 0x10 And NAME = $$z$$"));
    }

    @Test
    void differentStatementsDifferentFingerprints() {
        String[] statements = {
                "SELECT a FROM t WHERE id = 1",
                "SELECT b FROM t WHERE id = 1",
                "SELECT a FROM u WHERE id = 1",
                "SELECT a FROM t WHERE id > 1",
                "SELECT a FROM t WHERE id = :id",
                "DELETE FROM t WHERE id = 1",
                "UPDATE t SET a = 1 WHERE id = 1",
                "SELECT a FROM t WHERE id IN (SELECT id FROM u)",
                "SELECT \"A\" FROM t WHERE id = 1",
                "SELECT \"a\" FROM t WHERE id = 1",
        };
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String s : statements) {
            assertTrue(seen.add(fp(s)), "duplicate fingerprint for " + s);
        }
    }

    @Test
    void fingerprintIsFnv1aOfLowercasedText() {
        SanitizedSql s = SqlSanitizer.sanitize("SELECT Name FROM Users WHERE id = 5");
        assertEquals("SELECT Name FROM Users WHERE id = ?", s.text());
        assertEquals(fnv("select name from users where id = ?"), s.fingerprint());
        assertTrue(s.fingerprint().matches("[0-9a-f]{16}"));
        // quoted identifiers keep their case in the fingerprint
        assertEquals(fnv("select \"Name\", `Col` from users"), fp("SELECT \"Name\", `Col` FROM USERS"));
        // non-ASCII is lower-cased and hashed as UTF-8
        assertEquals(fnv("select grösse from t"), fp("SELECT GRÖSSE FROM T"));
    }

    // ------------------------------------------------------------------ operation and table

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "SELECT * FROM users WHERE id = 1|SELECT|users",
            "select a from public.users u join x on u.id = x.id|SELECT|public.users",
            "SELECT (SELECT max(a) FROM inner_t) FROM outer_t|SELECT|outer_t",
            "SELECT extract(year FROM ts) FROM events|SELECT|events",
            "SELECT count(*) FROM generate_series(1, 10)|SELECT|-",
            "SELECT * FROM (SELECT 1) sub|SELECT|-",
            "SELECT 1|SELECT|-",
            "(SELECT a FROM t1) UNION (SELECT a FROM t2)|SELECT|t1",
            "INSERT INTO orders (a, b) VALUES (1, 2)|INSERT|orders",
            "insert into \"Order Lines\" values (1)|INSERT|Order Lines",
            "REPLACE INTO kv VALUES (1, 2)|REPLACE|kv",
            "MERGE INTO target t USING src s ON t.id = s.id|MERGE|target",
            "UPDATE accounts SET balance = balance - 10 WHERE id = 3|UPDATE|accounts",
            "UPDATE ONLY public.accounts SET a = 1|UPDATE|public.accounts",
            "update low_priority ignore t set a = 1|UPDATE|t",
            "DELETE FROM sessions WHERE expires < now()|DELETE|sessions",
            "DELETE FROM ONLY sessions|DELETE|sessions",
            "WITH c AS (SELECT a FROM x) SELECT * FROM c|WITH|c",
            "WITH c AS (SELECT a FROM x) UPDATE y SET a = 1|WITH|y",
            "TRUNCATE TABLE logs|TRUNCATE|logs",
            "CALL refresh_all()|CALL|-",
            "{call refresh(?, ?)}|CALL|-",
            "{? = call f(?)}|CALL|-",
            "create table t (a int)|CREATE|-",
            "commit|COMMIT|-",
            "/* hi */ /* x */   explain select 1|EXPLAIN|-",
            "frobnicate the database|OTHER|-",
            "42|OTHER|-",
            "'secret'|OTHER|-",
    })
    void operationAndTable(String sql, String operation, String table) {
        SanitizedSql s = SqlSanitizer.sanitize(sql);
        assertEquals(operation, s.operation(), sql);
        assertEquals(table, s.table(), sql);
    }

    // ------------------------------------------------------------------ empty and degenerate input

    @Test
    void nullEmptyAndBlank() {
        for (String sql : new String[] {null, "", " ", " \n\t\r ", "-- only a comment", "/* only */", "#x"}) {
            SanitizedSql s = SqlSanitizer.sanitize(sql);
            assertNotNull(s);
            assertEquals("", s.text(), String.valueOf(sql));
            assertEquals("OTHER", s.operation());
            assertNull(s.table());
            assertEquals(fnv(""), s.fingerprint());
        }
    }

    @Test
    void oddCharactersDoNotThrow() {
        for (String sql : new String[] {"'", "\"", "`", "[", "]", "(", ")", "$", "$$", "$a", "$a$", ":", "@", "#",
                "-", "+", "-.", ".", "/", "/*", "*/", "--", "E'", "U&'", "q'", "q'[", "0x", "1e", "1e+", "?",
                "\u0000", "\uD800", "\uDC00x", "\uFEFF SELECT 1", "IN (", "VALUES (", "VALUES (1),", "IN ()"}) {
            SanitizedSql s = SqlSanitizer.sanitize(sql);
            assertNotNull(s.text(), sql);
            assertTrue(s.fingerprint().matches("[0-9a-f]{16}"), sql);
        }
    }

    // ------------------------------------------------------------------ long input

    @Test
    void longTextIsCappedButFingerprintCoversEverything() {
        StringBuilder cols = new StringBuilder();
        for (int k = 0; k < 2000; k++) {
            cols.append(k == 0 ? "" : ", ").append("column_").append(k);
        }
        String a = "SELECT " + cols + ", last_a FROM t";
        String b = "SELECT " + cols + ", last_b FROM t";
        SanitizedSql sa = SqlSanitizer.sanitize(a);
        SanitizedSql sb = SqlSanitizer.sanitize(b);
        assertEquals(SqlSanitizer.MAX_TEXT_LENGTH + 3, sa.text().length());
        assertTrue(sa.text().endsWith("..."));
        assertEquals(sa.text(), sb.text());
        assertNotEquals(sa.fingerprint(), sb.fingerprint());
        assertEquals("t", sa.table());
    }

    @Test
    void capDoesNotSplitSurrogatePairs() {
        String sql = "SELECT " + "x".repeat(SqlSanitizer.MAX_TEXT_LENGTH - 8) + "\uD83D\uDE00\uD83D\uDE00 FROM t";
        String t = text(sql);
        assertTrue(t.endsWith("..."));
        char last = t.charAt(t.length() - 4);
        assertFalse(Character.isHighSurrogate(last), "cut inside a surrogate pair");
    }

    // ------------------------------------------------------------------ canaries

    @Test
    void canariesNeverLeak() {
        String sql = "SELECT * FROM cards /* SECRET-12345 */ WHERE pan = 4111111111111111 -- SECRET-12345\n"
                + " AND blob = X'DEADBEEF' AND body = $x$sekrit$x$ AND pw = 'SECRET-12345'"
                + " AND e = E'SECRET-12345\\'' AND n = N'SECRET-12345' AND q = q'[SECRET-12345]'"
                + " AND d = $$SECRET-12345$$ AND neg = -4111111111111111 AND h = 0xDEADBEEF"
                + " AND sci = 4111111111111111e10 AND dec = 4111.1111111111111 # SECRET-12345\n"
                + " AND id IN ('SECRET-12345', 4111111111111111)";
        SanitizedSql s = SqlSanitizer.sanitize(sql);
        assertNoLeak(sql, "SECRET", "12345", "4111", "1111", "DEADBEEF", "sekrit");
        assertEquals("SELECT * FROM cards WHERE pan = ? AND blob = ? AND body = ? AND pw = ? AND e = ? AND n = ?"
                + " AND q = ? AND d = ? AND neg = ? AND h = ? AND sci = ? AND dec = ? AND id IN (?)", s.text());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "SELECT * FROM t WHERE p = 'SECRET-12345",
            "SELECT * FROM t WHERE p = 'SECRET-12345''",
            "SELECT * FROM t WHERE p = 'ab\\' SECRET-12345",
            "SELECT * FROM t WHERE p = E'SECRET-12345",
            "SELECT * FROM t WHERE p = X'SECRET-12345",
            "SELECT * FROM t WHERE p = $$SECRET-12345",
            "SELECT * FROM t WHERE p = $x$SECRET-12345$y$ AND z = 1",
            "SELECT * FROM t WHERE p = $x$SECRET-12345$x",
            "SELECT * FROM t WHERE p = q'[SECRET-12345]",
            "SELECT * FROM t /* SECRET-12345",
            "SELECT * FROM t /* SECRET-12345 *",
            "SELECT * FROM t -- SECRET-12345",
            "SELECT * FROM t WHERE \"SECRET-12345",
            "SELECT * FROM t WHERE `SECRET-12345",
    })
    void unterminatedLiteralsAndCommentsDoNotLeak(String sql) {
        assertNoLeak(sql, "SECRET", "12345");
        assertTrue(text(sql).startsWith("SELECT * FROM t"), text(sql));
    }

    // ------------------------------------------------------------------ hostile input

    @ParameterizedTest
    @ValueSource(strings = {"(", "'", "\"", "`", "[", "[a", "$", "$a", "$a$", "$$", "--\n", "/*", "*/", "-", "-1",
            "#\n", "\\", "''", "IN (", "IN (1, ", "VALUES (1), ", "q'[", "E'\\'", "a.", "::", "?,", ")", "x'"})
    void megabyteOfHostileInputFinishesQuickly(String unit) {
        String sql = "SELECT " + unit.repeat((1 << 20) / unit.length());
        long start = System.nanoTime();
        SanitizedSql s = SqlSanitizer.sanitize(sql);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertNotNull(s.fingerprint());
        assertTrue(s.text().length() <= SqlSanitizer.MAX_TEXT_LENGTH + 3);
        assertTrue(millis < 5_000, unit + " took " + millis + " ms");
    }

    @Test
    void longDollarTagsStayLinear() {
        String tag = "$" + "t".repeat(50_000) + "$";
        String body = ("$" + "t".repeat(49_999) + "x").repeat(20);
        String sql = "SELECT " + tag + body + "SECRET" + tag + ", 'x'";
        long start = System.nanoTime();
        assertEquals("SELECT ?, ?", text(sql));
        assertTrue((System.nanoTime() - start) / 1_000_000 < 5_000);
    }

    @Test
    void deepNestingNoStackOverflow() {
        String sql = "SELECT " + "(".repeat(500_000) + "1" + ")".repeat(500_000) + " FROM t WHERE a IN "
                + "(".repeat(100_000) + "'SECRET'";
        SanitizedSql s = SqlSanitizer.sanitize(sql);
        assertFalse(s.text().contains("SECRET"));
        assertEquals("SELECT", s.operation());
    }

    // ------------------------------------------------------------------ randomized no-leak check

    @Test
    void randomStatementsNeverLeakLiterals() {
        String[] secretLiterals = {"'SECRET'", "'it''s SECRET'", "'a\\'SECRET'", "'SECRET\\\\'", "E'SECRET\\''",
                "N'SECRET'", "X'5EC2E7'", "$$SECRET$$", "$t$ SECRET $$ $t$", "4111111111111111",
                "-4111111111111111", "41111111.11111111", "4111111111111111e5", "0x4111111111111111",
                "/* SECRET */", "-- SECRET\n", "# SECRET\n", "U&'SECRET'", "q'[SECRET]'", "'-- SECRET'",
                "'/* SECRET'", "'\"SECRET'", "'`SECRET'", "'[SECRET'", "'$$SECRET'"};
        String[] others = {"SELECT", "FROM", "WHERE", "IN", "VALUES", "INSERT", "INTO", "t1", "col_2", "x", "q", "E",
                "(", ")", ",", "=", "<", "-", "+", "*", "/", ".", "::", "?", ":name", "$1", "@p1", "\"Quoted Id\"",
                "`bt id`", "[br id]", "[", "]", "NULL", "TRUE", "$", "#>", "{", "}", ";", "\"it's\"", "AND", "-1"};
        String[] separators = {" ", "\n", "\t", "  ", " /* c */ ", " -- c\n", "\r\n"};
        java.util.Random random = new java.util.Random(20240601L);
        for (int round = 0; round < 20_000; round++) {
            StringBuilder sb = new StringBuilder();
            int tokens = 1 + random.nextInt(30);
            for (int k = 0; k < tokens; k++) {
                if (k > 0) {
                    sb.append(separators[random.nextInt(separators.length)]);
                }
                if (random.nextInt(4) == 0) {
                    sb.append(secretLiterals[random.nextInt(secretLiterals.length)]);
                } else {
                    sb.append(others[random.nextInt(others.length)]);
                }
            }
            String sql = sb.toString();
            String t = text(sql);
            assertFalse(t.contains("SECRET") || t.contains("1111") || t.contains("5EC2E7"),
                    () -> "leak: " + sql.replace("\n", "\\n") + "  ->  " + t);
        }
    }

    @Test
    void fingerprintStableUnderRandomLiteralValues() {
        java.util.Random random = new java.util.Random(7);
        String expected = fp("SELECT a FROM t WHERE b = 1 AND c = 'x' AND d IN (1) AND e = -1");
        for (int round = 0; round < 1000; round++) {
            StringBuilder in = new StringBuilder();
            int n = 1 + random.nextInt(20);
            for (int k = 0; k < n; k++) {
                in.append(k == 0 ? "" : random.nextBoolean() ? "," : " , ").append(random.nextInt());
            }
            String sql = String.format(Locale.ROOT,
                    "select a from t where b = %d and c = '%s' and d in (%s) and e = %s",
                    random.nextLong(), Long.toHexString(random.nextLong()).replace("a", "''"), in,
                    random.nextBoolean() ? "-" + random.nextInt(1000) : "-" + random.nextDouble());
            assertEquals(expected, fp(sql), sql);
        }
    }
}
