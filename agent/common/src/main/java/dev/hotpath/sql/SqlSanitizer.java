package dev.hotpath.sql;

/**
 * Replaces the literals of a SQL statement with {@code ?} and computes a fingerprint of its shape.
 *
 * <p>One forward pass over the characters, no regular expressions, no recursion; every character is looked
 * at a bounded number of times, so hostile input costs linear time and constant stack. Runs on the JDBC hot
 * path of the instrumented application, so it never throws.
 *
 * <p>Rules, in short:
 * <ul>
 *   <li>string literals ({@code '..'} with {@code ''} and backslash escapes, the prefixed forms E, N, B, X, R,
 *       U&amp;, {@code _charset}, Oracle {@code q'[..]'}), dollar-quoted strings ({@code $$..$$},
 *       {@code $tag$..$tag$}) and numbers (decimal, exponent, hex, with a unary sign) become {@code ?};
 *       an unterminated literal swallows the rest of the statement</li>
 *   <li>TRUE, FALSE, NULL, identifiers (also {@code "quoted"}, {@code `backtick`}, {@code [bracket]}) and bind
 *       placeholders ({@code ?}, {@code :name}, {@code :1}, {@code $1}, {@code @p1}) are kept</li>
 *   <li>comments ({@code --}, {@code /* *}{@code /}, MySQL {@code #} at token start) are dropped</li>
 *   <li>{@code IN (?, ?, ...)} becomes {@code IN (?)}; {@code VALUES (..), (..), ...} keeps only its first row</li>
 *   <li>whitespace runs become one space; never a space after {@code (} or {@code [} nor before {@code )},
 *       {@code ]}, {@code ,} and {@code ;}; always one after {@code ,}; other spacing (around operators, before
 *       a function's parenthesis) is kept as written</li>
 * </ul>
 *
 * <p>Dialect ambiguities, decided as follows: double-quoted text is an identifier (standard SQL), so a MySQL
 * {@code "string"} literal is kept as written unless unterminated; a backslash escapes the next character in
 * every string, so a PostgreSQL string ending in a backslash ({@code 'C:\'}) runs on to the next quote and
 * the words after that may show; {@code #name} right after FROM, JOIN, INTO, UPDATE, TABLE or EXISTS is a SQL
 * Server temporary table, elsewhere {@code #} at token start begins a comment (except PostgreSQL's
 * {@code #>}); {@code [name]} is a SQL Server identifier only where no identifier or {@code )} precedes it and
 * it holds up to 128 name-like characters, otherwise it is an array bracket and its content is scanned.
 */
public final class SqlSanitizer {

    /** Longest {@link SanitizedSql#text()} before it is cut and {@code ...} appended. */
    public static final int MAX_TEXT_LENGTH = 4096;

    static final String OTHER = "OTHER";

    private static final String[] OPERATIONS = {
            "SELECT", "INSERT", "UPDATE", "DELETE", "MERGE", "UPSERT", "REPLACE", "CALL", "EXEC", "EXECUTE",
            "WITH", "VALUES", "TABLE", "CREATE", "ALTER", "DROP", "TRUNCATE", "RENAME", "GRANT", "REVOKE", "SET",
            "SHOW", "DESCRIBE", "DESC", "EXPLAIN", "USE", "BEGIN", "START", "COMMIT", "ROLLBACK", "SAVEPOINT",
            "RELEASE", "LOCK", "UNLOCK", "DECLARE", "PREPARE", "DEALLOCATE", "COPY", "ANALYZE", "VACUUM",
            "COMMENT", "DO", "FETCH", "CLOSE", "OPEN", "MOVE", "LISTEN", "NOTIFY", "UNLISTEN", "REFRESH", "REINDEX",
            "CLUSTER", "LOAD", "HANDLER", "KILL", "OPTIMIZE", "CHECKPOINT", "DISCARD", "RESET", "ABORT", "END",
            "PRAGMA", "ATTACH", "DETACH", "UNLOAD"};

    /** Keywords after which {@code -5} / {@code +5} is a signed literal rather than a subtraction. */
    private static final String[] UNARY_AFTER = {
            "SELECT", "WHERE", "AND", "OR", "NOT", "THEN", "ELSE", "WHEN", "CASE", "RETURN", "RETURNING", "VALUES",
            "SET", "BY", "LIMIT", "OFFSET", "BETWEEN", "IN", "IS", "LIKE", "ILIKE", "ON", "HAVING", "TOP",
            "INTERVAL", "DEFAULT", "ELSIF", "IF", "ALL", "ANY", "SOME", "DISTINCT", "FETCH", "FIRST", "NEXT", "DIV",
            "MOD", "ESCAPE", "TO", "DO", "WHILE", "UNTIL"};

    /** Words skipped between FROM / INTO / UPDATE / TRUNCATE and the table name. */
    private static final String[] TABLE_MODIFIERS = {"ONLY", "LOW_PRIORITY", "IGNORE", "TABLE", "LATERAL", "QUICK"};

    /** Keywords before which {@code #name} is a SQL Server temporary table, not a MySQL comment. */
    private static final String[] TEMP_TABLE_AFTER = {"FROM", "JOIN", "INTO", "UPDATE", "TABLE", "EXISTS"};

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private static final SanitizedSql EMPTY = new SanitizedSql("", fingerprint(new char[0], 0), OTHER, null);

    private SqlSanitizer() {
    }

    /**
     * Sanitizes one statement. Never throws; null, empty and blank input give an empty text.
     */
    public static SanitizedSql sanitize(String sql) {
        if (sql == null || sql.isEmpty()) {
            return EMPTY;
        }
        try {
            return new Pass(sql).run();
        } catch (RuntimeException | StackOverflowError e) {
            // Not expected; the statement is then reported as an unreadable one rather than failing the call.
            return EMPTY;
        }
    }

    /** FNV-1a 64 of the UTF-8 bytes of {@code text}, lower-cased outside {@code "..."} and {@code `...`}. */
    static String fingerprint(char[] text, int len) {
        long h = FNV_OFFSET;
        boolean inDouble = false;
        boolean inBacktick = false;
        for (int k = 0; k < len; k++) {
            char c = text[k];
            if (c < 0x80) {
                if (c == '"' && !inBacktick) {
                    inDouble = !inDouble;
                } else if (c == '`' && !inDouble) {
                    inBacktick = !inBacktick;
                } else if (c >= 'A' && c <= 'Z' && !inDouble && !inBacktick) {
                    c += 'a' - 'A';
                }
                h = (h ^ c) * FNV_PRIME;
                continue;
            }
            int cp = c;
            if (Character.isHighSurrogate(c) && k + 1 < len && Character.isLowSurrogate(text[k + 1])) {
                cp = Character.toCodePoint(c, text[++k]);
            }
            if (!inDouble && !inBacktick) {
                cp = Character.toLowerCase(cp);
            }
            if (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) {
                h = (h ^ '?') * FNV_PRIME; // a lone surrogate, encoded the way the JDK's UTF-8 encoder does
            } else if (cp < 0x80) {
                h = (h ^ cp) * FNV_PRIME;
            } else if (cp < 0x800) {
                h = (h ^ (0xC0 | (cp >>> 6))) * FNV_PRIME;
                h = (h ^ (0x80 | (cp & 0x3F))) * FNV_PRIME;
            } else if (cp < 0x10000) {
                h = (h ^ (0xE0 | (cp >>> 12))) * FNV_PRIME;
                h = (h ^ (0x80 | ((cp >>> 6) & 0x3F))) * FNV_PRIME;
                h = (h ^ (0x80 | (cp & 0x3F))) * FNV_PRIME;
            } else {
                h = (h ^ (0xF0 | (cp >>> 18))) * FNV_PRIME;
                h = (h ^ (0x80 | ((cp >>> 12) & 0x3F))) * FNV_PRIME;
                h = (h ^ (0x80 | ((cp >>> 6) & 0x3F))) * FNV_PRIME;
                h = (h ^ (0x80 | (cp & 0x3F))) * FNV_PRIME;
            }
        }
        char[] hex = new char[16];
        for (int k = 15; k >= 0; k--) {
            hex[k] = HEX[(int) (h & 0xF)];
            h >>>= 4;
        }
        return new String(hex);
    }

    static boolean isIdentStart(char c) {
        if (c < 0x80) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
        }
        return Character.isLetter(c) || Character.isSurrogate(c);
    }

    static boolean isIdentPart(char c) {
        if (c < 0x80) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
                    || c == '$';
        }
        return Character.isLetterOrDigit(c) || Character.isSurrogate(c);
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isSpace(char c) {
        if (c <= ' ') {
            return true;
        }
        return c >= 0x80 && (Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\uFEFF');
    }

    /** One sanitizing pass over one statement. */
    private static final class Pass {
        // token kinds, as far as spacing and the collapsing rules care
        private static final int K_NONE = 0;
        private static final int K_WORD = 1;   // unquoted identifier or keyword
        private static final int K_QIDENT = 2; // "quoted", `backtick` or [bracket] identifier
        private static final int K_VALUE = 3;  // ? (literal or placeholder), :name, $1, @p1
        private static final int K_OPEN = 4;   // ( [
        private static final int K_CLOSE = 5;  // ) ]
        private static final int K_COMMA = 6;
        private static final int K_OP = 7;     // any other punctuation, one character each

        // VALUES (..), (..) collapsing
        private static final int V_NONE = 0;
        private static final int V_FIRST_ROW = 1;
        private static final int V_EXTRA_ROW = 2;
        private static final int V_AFTER_ROW = 3;
        private static final int V_AFTER_COMMA = 4;

        // table search
        private static final int T_DONE = 0;
        private static final int T_SEARCH = 1;     // looking for the keyword at the statement's depth
        private static final int T_AWAIT = 2;      // keyword seen, the next name is the table
        private static final int T_IN_NAME = 3;    // inside a (possibly dotted) name
        private static final int T_AFTER_DOT = 4;

        // which keywords start the table name
        private static final int TK_FROM = 1;
        private static final int TK_INTO = 2;
        private static final int TK_UPDATE = 4;

        private final String s;
        private final int n;
        private char[] out;
        private int len; // characters of out in use

        private int prevKind = K_NONE;
        private boolean pendingSpace;
        private int lastWordStart;
        private int lastWordEnd;
        private int depth;

        private int listStart = -1; // position in out just after "IN (", while the list is still collapsible
        private int listItems;

        private int vState = V_NONE;
        private int vDepth;
        private int vCommaPos;

        private boolean opPending = true;
        private String operation;
        private int baseDepth;

        private int tState = T_DONE;
        private int tTargets;
        private int tFoundBy;
        private int nameStart;
        private int nameEnd;
        private String table;

        Pass(String s) {
            this.s = s;
            this.n = s.length();
            // Output is at most as long as the input except for the space added after a comma or
            // between IN / VALUES and "(": rarely grown.
            this.out = new char[n + 16];
        }

        SanitizedSql run() {
            final String s = this.s;
            final int n = this.n;
            int i = 0;
            while (i < n) {
                char c = s.charAt(i);
                if (isSpace(c)) {
                    pendingSpace = true;
                    i++;
                    continue;
                }
                switch (c) {
                    case '\'':
                        i = skipString(i + 1);
                        literal();
                        break;
                    case '"':
                    case '`':
                        i = quotedIdentifier(i, c);
                        break;
                    case '[':
                        i = bracket(i);
                        break;
                    case ']':
                        closeBracket();
                        i++;
                        break;
                    case '(':
                        open();
                        i++;
                        break;
                    case ')':
                        close();
                        i++;
                        break;
                    case ',':
                        comma();
                        i++;
                        break;
                    case '?':
                        value(i, i + 1);
                        i++;
                        break;
                    case '-':
                        if (i + 1 < n && s.charAt(i + 1) == '-') {
                            i = skipLine(i + 2);
                            pendingSpace = true;
                        } else {
                            i = sign(i);
                        }
                        break;
                    case '+':
                        i = sign(i);
                        break;
                    case '/':
                        if (i + 1 < n && s.charAt(i + 1) == '*') {
                            i = skipBlockComment(i + 2);
                            pendingSpace = true;
                        } else {
                            op(c);
                            i++;
                        }
                        break;
                    case '#':
                        i = hash(i);
                        break;
                    case '$':
                        i = dollar(i);
                        break;
                    case ':':
                        i = colon(i);
                        break;
                    case '@':
                        i = at(i);
                        break;
                    case '.':
                        if (i + 1 < n && isDigit(s.charAt(i + 1)) && (i == 0 || !isIdentPart(s.charAt(i - 1)))) {
                            i = skipNumber(i);
                            literal();
                        } else {
                            op(c);
                            i++;
                        }
                        break;
                    default:
                        if (isDigit(c)) {
                            i = skipNumber(i);
                            literal();
                        } else if (isIdentStart(c)) {
                            i = word(i);
                        } else {
                            op(c);
                            i++;
                        }
                }
            }
            if (tState == T_IN_NAME) {
                finishTable(false);
            }
            String fp = fingerprint(out, len);
            String text;
            if (len <= MAX_TEXT_LENGTH) {
                text = new String(out, 0, len);
            } else {
                int cut = MAX_TEXT_LENGTH;
                if (Character.isHighSurrogate(out[cut - 1])) {
                    cut--;
                }
                len = cut;
                put('.');
                put('.');
                put('.');
                text = new String(out, 0, len);
            }
            return new SanitizedSql(text, fp, operation == null ? OTHER : operation, table);
        }

        // ---------------------------------------------------------------- skipping literals and comments

        /** From just after an opening quote; returns the index after the closing quote, or n. */
        private int skipString(int p) {
            while (p < n) {
                char c = s.charAt(p);
                if (c == '\\') {
                    p += 2;
                } else if (c == '\'') {
                    if (p + 1 < n && s.charAt(p + 1) == '\'') {
                        p += 2;
                    } else {
                        return p + 1;
                    }
                } else {
                    p++;
                }
            }
            return n;
        }

        /** Oracle q'[...]': quote is the index of the quote after q; returns the end, or n. */
        private int skipQQuote(int quote) {
            char open = s.charAt(quote + 1);
            char close;
            switch (open) {
                case '[': close = ']'; break;
                case '{': close = '}'; break;
                case '(': close = ')'; break;
                case '<': close = '>'; break;
                default: close = open;
            }
            for (int p = quote + 2; p + 1 < n; p++) {
                if (s.charAt(p) == close && s.charAt(p + 1) == '\'') {
                    return p + 2;
                }
            }
            return n;
        }

        private int skipLine(int p) {
            while (p < n) {
                char c = s.charAt(p);
                if (c == '\n' || c == '\r') {
                    return p;
                }
                p++;
            }
            return n;
        }

        private int skipBlockComment(int p) {
            while (p + 1 < n) {
                if (s.charAt(p) == '*' && s.charAt(p + 1) == '/') {
                    return p + 2;
                }
                p++;
            }
            return n;
        }

        /** From a digit or a '.' before a digit; returns the index after the number. */
        private int skipNumber(int p) {
            while (p < n && isDigit(s.charAt(p))) {
                p++;
            }
            if (p < n && s.charAt(p) == '.') {
                p++;
                while (p < n && isDigit(s.charAt(p))) {
                    p++;
                }
            }
            if (p < n && (s.charAt(p) == 'e' || s.charAt(p) == 'E')) {
                int q = p + 1;
                if (q < n && (s.charAt(q) == '+' || s.charAt(q) == '-')) {
                    q++;
                }
                if (q < n && isDigit(s.charAt(q))) {
                    p = q;
                    while (p < n && isDigit(s.charAt(p))) {
                        p++;
                    }
                }
            }
            // 0x1F, 0b101, 1_000_000, 10L, 1.5f: whatever sticks to the number belongs to it
            while (p < n && isIdentPart(s.charAt(p))) {
                p++;
            }
            return p;
        }

        // ---------------------------------------------------------------- scanning tokens

        private int sign(int i) {
            char c = s.charAt(i);
            int p = i + 1;
            boolean number = p < n && (isDigit(s.charAt(p))
                    || (s.charAt(p) == '.' && p + 1 < n && isDigit(s.charAt(p + 1))));
            if (number && unaryContext()) {
                p = skipNumber(p);
                literal();
                return p;
            }
            op(c);
            return i + 1;
        }

        private boolean unaryContext() {
            switch (prevKind) {
                case K_NONE:
                case K_OPEN:
                case K_COMMA:
                case K_OP:
                    return true;
                case K_WORD:
                    return lastWordIsOneOf(UNARY_AFTER);
                default:
                    return false;
            }
        }

        private int word(int i) {
            int j = i + 1;
            while (j < n && isIdentPart(s.charAt(j))) {
                j++;
            }
            if (j < n) {
                char next = s.charAt(j);
                int wordLen = j - i;
                char first = s.charAt(i);
                if (next == '\'') {
                    if ((wordLen == 1 && "EeNnBbXxRr".indexOf(first) >= 0) || (first == '_' && wordLen > 1)) {
                        int end = skipString(j + 1); // E'..', N'..', X'..', _utf8mb4'..'
                        literal();
                        return end;
                    }
                    if (j + 1 < n && !isSpace(s.charAt(j + 1))
                            && ((wordLen == 1 && (first == 'q' || first == 'Q'))
                            || (wordLen == 2 && (first == 'n' || first == 'N')
                            && (s.charAt(i + 1) == 'q' || s.charAt(i + 1) == 'Q')))) {
                        int end = skipQQuote(j);
                        literal();
                        return end;
                    }
                } else if (next == '&' && wordLen == 1 && (first == 'u' || first == 'U')
                        && j + 1 < n && s.charAt(j + 1) == '\'') {
                    int end = skipString(j + 2); // U&'..'
                    literal();
                    return end;
                }
            }
            emitWord(i, j);
            return j;
        }

        private int quotedIdentifier(int i, char q) {
            int p = i + 1;
            while (p < n) {
                if (s.charAt(p) == q) {
                    if (p + 1 < n && s.charAt(p + 1) == q) {
                        p += 2;
                        continue;
                    }
                    emitQuoted(i, p + 1);
                    return p + 1;
                }
                p++;
            }
            literal(); // unterminated: it may well be a MySQL "string", so it must not leak
            return n;
        }

        /** [bracket identifier] (SQL Server) or an opening bracket of an array / subscript. */
        private int bracket(int i) {
            char before = i > 0 ? s.charAt(i - 1) : ' ';
            if (!isIdentPart(before) && before != ')' && before != ']' && i + 1 < n) {
                char first = s.charAt(i + 1);
                if (isIdentStart(first) || first == '#' || first == '@') {
                    int limit = Math.min(n, i + 130); // names are at most 128 characters
                    for (int p = i + 1; p < limit; p++) {
                        char c = s.charAt(p);
                        if (c == ']') {
                            emitQuoted(i, p + 1);
                            return p + 1;
                        }
                        if (!isIdentPart(c) && c != ' ' && c != '-' && c != '#' && c != '@' && c != '.'
                                && c != '&' && c != '/' && c != '%') {
                            break; // ARRAY['a', 1], x[1:2], ...: scanned as ordinary tokens
                        }
                    }
                }
            }
            openBracket();
            return i + 1;
        }

        private int hash(int i) {
            char before = i > 0 ? s.charAt(i - 1) : ' ';
            boolean tokenStart = isSpace(before) || before == '(' || before == ')' || before == ','
                    || before == ';' || before == '/' || before == '\'' || before == '"' || before == '`'
                    || before == ']';
            char next = i + 1 < n ? s.charAt(i + 1) : ' ';
            if (!tokenStart || next == '>') {
                op('#'); // PostgreSQL operators #, #>, #>>
                return i + 1;
            }
            if ((isIdentStart(next) || next == '#') && prevKind == K_WORD && lastWordIsOneOf(TEMP_TABLE_AFTER)) {
                int j = i + 1;
                while (j < n && s.charAt(j) == '#') {
                    j++;
                }
                while (j < n && isIdentPart(s.charAt(j))) {
                    j++;
                }
                emitWord(i, j); // SQL Server #temp / ##global temp table
                return j;
            }
            pendingSpace = true;
            return skipLine(i + 1);
        }

        private int dollar(int i) {
            if (i + 1 < n) {
                char next = s.charAt(i + 1);
                if (isDigit(next)) {
                    int j = i + 1;
                    while (j < n && isDigit(s.charAt(j))) {
                        j++;
                    }
                    value(i, j); // $1
                    return j;
                }
                if (next == '$') {
                    return skipDollarQuoted(i, i + 2);
                }
                if (isIdentStart(next)) {
                    int j = i + 1;
                    while (j < n && isIdentPart(s.charAt(j)) && s.charAt(j) != '$') {
                        j++;
                    }
                    if (j < n && s.charAt(j) == '$') {
                        return skipDollarQuoted(i, j + 1);
                    }
                }
            }
            op('$');
            return i + 1;
        }

        /**
         * $tag$ body $tag$: the tag is s[tagStart, bodyStart). The tag has no '$' inside, so each comparison
         * started at a '$' of the body stops before the next '$': the search stays linear.
         */
        private int skipDollarQuoted(int tagStart, int bodyStart) {
            int tagLen = bodyStart - tagStart;
            for (int p = bodyStart; p + tagLen <= n; p++) {
                if (s.charAt(p) == '$' && s.regionMatches(p, s, tagStart, tagLen)) {
                    literal();
                    return p + tagLen;
                }
            }
            literal();
            return n;
        }

        private int colon(int i) {
            if (i + 1 < n) {
                char next = s.charAt(i + 1);
                if (next == ':') {
                    op(':');
                    op(':'); // PostgreSQL cast
                    return i + 2;
                }
                // :name, and :1 where a value can start (x[1:2] is a slice, not a bind)
                if (isIdentStart(next) || (isDigit(next) && unaryContext())) {
                    int j = i + 1;
                    while (j < n && isIdentPart(s.charAt(j))) {
                        j++;
                    }
                    value(i, j); // :name, :1
                    return j;
                }
            }
            op(':');
            return i + 1;
        }

        private int at(int i) {
            if (i + 1 < n) {
                char next = s.charAt(i + 1);
                if (next == '@') {
                    int j = i + 2;
                    while (j < n && isIdentPart(s.charAt(j))) {
                        j++;
                    }
                    emitWord(i, j); // @@system_variable
                    return j;
                }
                if (isIdentStart(next)) {
                    int j = i + 1;
                    while (j < n && isIdentPart(s.charAt(j))) {
                        j++;
                    }
                    value(i, j); // @p1
                    return j;
                }
            }
            op('@');
            return i + 1;
        }

        // ---------------------------------------------------------------- emitting tokens

        /** Table tracking, operation detection and spacing, before a token is appended. */
        private void before(int kind, char first) {
            if (tState == T_IN_NAME) {
                if (kind != K_OP || first != '.') {
                    finishTable(kind == K_OPEN && first == '(');
                }
            } else if ((tState == T_AWAIT || tState == T_AFTER_DOT) && kind != K_WORD && kind != K_QIDENT) {
                tState = T_DONE;
            }
            if (opPending && kind != K_WORD && first != '(' && first != '{' && first != '?' && first != '=') {
                opPending = false;
            }
            if (len > 0) {
                boolean space;
                if (kind == K_COMMA || kind == K_CLOSE || first == ';') {
                    space = false;
                } else if (prevKind == K_OPEN) {
                    space = false;
                } else if (prevKind == K_COMMA) {
                    space = true;
                } else if (first == '(' && prevKind == K_WORD && lastWordIsOneOf2("IN", "VALUES")) {
                    space = true;
                } else {
                    space = pendingSpace;
                }
                if (space) {
                    put(' ');
                }
            }
            pendingSpace = false;
        }

        /** State updates shared by words, quoted identifiers, values and operators, after appending. */
        private void after(int kind) {
            if (listStart >= 0) {
                if (kind == K_VALUE) {
                    listItems++;
                } else {
                    listStart = -1;
                }
            }
            if (vState >= V_AFTER_ROW) {
                vState = V_NONE;
            }
            prevKind = kind;
        }

        private void literal() {
            before(K_VALUE, '?');
            put('?');
            after(K_VALUE);
        }

        private void value(int start, int end) {
            before(K_VALUE, s.charAt(start));
            put(start, end);
            after(K_VALUE);
        }

        private void op(char c) {
            before(K_OP, c);
            put(c);
            if (c == '.' && tState == T_IN_NAME) {
                tState = T_AFTER_DOT;
            }
            after(K_OP);
        }

        private void emitWord(int start, int end) {
            before(K_WORD, s.charAt(start));
            int os = len;
            put(start, end);
            lastWordStart = os;
            lastWordEnd = len;
            if (opPending) {
                opPending = false;
                startStatement();
            } else if (tState == T_SEARCH) {
                if (depth == baseDepth) {
                    int kw = (tTargets & TK_FROM) != 0 && lastWordIs("FROM") ? TK_FROM
                            : (tTargets & TK_INTO) != 0 && lastWordIs("INTO") ? TK_INTO
                            : (tTargets & TK_UPDATE) != 0 && lastWordIs("UPDATE") ? TK_UPDATE : 0;
                    if (kw != 0) {
                        tFoundBy = kw;
                        tState = T_AWAIT;
                    }
                }
            } else if (tState == T_AWAIT) {
                if (!lastWordIsOneOf(TABLE_MODIFIERS)) {
                    nameStart = os;
                    nameEnd = len;
                    tState = T_IN_NAME;
                }
            } else if (tState == T_AFTER_DOT) {
                nameEnd = len;
                tState = T_IN_NAME;
            }
            after(K_WORD);
        }

        private void emitQuoted(int start, int end) {
            before(K_QIDENT, s.charAt(start));
            int os = len;
            put(start, end);
            if (tState == T_AWAIT) {
                nameStart = os;
                nameEnd = len;
                tState = T_IN_NAME;
            } else if (tState == T_AFTER_DOT) {
                nameEnd = len;
                tState = T_IN_NAME;
            }
            after(K_QIDENT);
        }

        private void open() {
            before(K_OPEN, '(');
            boolean afterIn = false;
            boolean afterValues = false;
            if (prevKind == K_WORD) {
                afterIn = lastWordIs("IN");
                afterValues = !afterIn && lastWordIs("VALUES");
            }
            put('(');
            depth++;
            listStart = afterIn ? len : -1;
            listItems = 0;
            if (afterValues) {
                vState = V_FIRST_ROW;
                vDepth = depth;
            } else if (vState == V_AFTER_COMMA) {
                vState = V_EXTRA_ROW;
            } else if (vState == V_AFTER_ROW) {
                vState = V_NONE;
            }
            prevKind = K_OPEN;
        }

        private void close() {
            before(K_CLOSE, ')');
            if (listStart >= 0 && listItems > 0) {
                len = listStart;
                put('?');
            }
            listStart = -1;
            put(')');
            if ((vState == V_FIRST_ROW || vState == V_EXTRA_ROW) && depth == vDepth) {
                if (vState == V_EXTRA_ROW) {
                    len = vCommaPos; // drop ", (...)"
                }
                vState = V_AFTER_ROW;
            } else if (vState >= V_AFTER_ROW) {
                vState = V_NONE;
            }
            if (depth > 0) {
                depth--;
            }
            prevKind = K_CLOSE;
        }

        private void comma() {
            before(K_COMMA, ',');
            if (vState == V_AFTER_ROW) {
                vState = V_AFTER_COMMA;
                vCommaPos = len;
            } else if (vState == V_AFTER_COMMA) {
                vState = V_NONE;
            }
            put(',');
            prevKind = K_COMMA;
        }

        private void openBracket() {
            before(K_OPEN, '[');
            put('[');
            listStart = -1;
            if (vState >= V_AFTER_ROW) {
                vState = V_NONE;
            }
            prevKind = K_OPEN;
        }

        private void closeBracket() {
            before(K_CLOSE, ']');
            put(']');
            listStart = -1;
            if (vState >= V_AFTER_ROW) {
                vState = V_NONE;
            }
            prevKind = K_CLOSE;
        }

        private void put(char c) {
            if (len == out.length) {
                out = java.util.Arrays.copyOf(out, out.length * 2);
            }
            out[len++] = c;
        }

        private void put(int start, int end) {
            int need = len + end - start;
            if (need > out.length) {
                out = java.util.Arrays.copyOf(out, Math.max(need, out.length * 2));
            }
            s.getChars(start, end, out, len);
            len = need;
        }

        // ---------------------------------------------------------------- operation and table

        /** The first word of the statement: the operation, and where to look for the table. */
        private void startStatement() {
            for (String op : OPERATIONS) {
                if (lastWordIs(op)) {
                    operation = op;
                    break;
                }
            }
            if (operation == null) {
                return;
            }
            baseDepth = depth;
            switch (operation) {
                case "SELECT":
                case "DELETE":
                    tTargets = TK_FROM;
                    tState = T_SEARCH;
                    break;
                case "INSERT":
                case "REPLACE":
                case "MERGE":
                case "UPSERT":
                    tTargets = TK_INTO;
                    tState = T_SEARCH;
                    break;
                case "WITH":
                    tTargets = TK_FROM | TK_INTO | TK_UPDATE;
                    tState = T_SEARCH;
                    break;
                case "UPDATE":
                case "TRUNCATE":
                    tFoundBy = TK_UPDATE;
                    tState = T_AWAIT;
                    break;
                default:
                    tState = T_DONE;
            }
        }

        private void finishTable(boolean followedByParen) {
            tState = T_DONE;
            if (followedByParen && tFoundBy == TK_FROM) {
                return; // FROM generate_series(...): a function, not a table
            }
            StringBuilder name = new StringBuilder(nameEnd - nameStart);
            int p = nameStart;
            while (p < nameEnd) {
                char c = out[p];
                if (c == '"' || c == '`' || c == '[') {
                    char close = c == '[' ? ']' : c;
                    p++;
                    while (p < nameEnd) {
                        char d = out[p];
                        if (d == close) {
                            if (close != ']' && p + 1 < nameEnd && out[p + 1] == close) {
                                name.append(d);
                                p += 2;
                                continue;
                            }
                            break;
                        }
                        name.append(d);
                        p++;
                    }
                    p++;
                } else {
                    name.append(c);
                    p++;
                }
            }
            table = name.length() == 0 ? null : name.toString();
        }

        // ---------------------------------------------------------------- keyword comparison

        private boolean lastWordIs(String upper) {
            int wordLen = lastWordEnd - lastWordStart;
            if (wordLen != upper.length()) {
                return false;
            }
            for (int k = 0; k < wordLen; k++) {
                char c = out[lastWordStart + k];
                if (c >= 'a' && c <= 'z') {
                    c -= 'a' - 'A';
                }
                if (c != upper.charAt(k)) {
                    return false;
                }
            }
            return true;
        }

        private boolean lastWordIsOneOf(String[] upper) {
            for (String w : upper) {
                if (lastWordIs(w)) {
                    return true;
                }
            }
            return false;
        }

        private boolean lastWordIsOneOf2(String a, String b) {
            return lastWordIs(a) || lastWordIs(b);
        }
    }
}
