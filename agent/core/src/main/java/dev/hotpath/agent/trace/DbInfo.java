package dev.hotpath.agent.trace;

import java.util.Locale;

/**
 * {@code db.system.name} and {@code db.namespace} read from a JDBC URL. Credentials and parameters in
 * the URL are never kept.
 */
public record DbInfo(String system, String namespace) {
    public static final DbInfo UNKNOWN = new DbInfo("other_sql", null);

    public static DbInfo fromUrl(String url) {
        if (url == null || !url.startsWith("jdbc:")) {
            return UNKNOWN;
        }
        String rest = url.substring(5);
        int colon = rest.indexOf(':');
        if (colon <= 0) {
            return UNKNOWN;
        }
        String vendor = rest.substring(0, colon).toLowerCase(Locale.ROOT);
        String tail = rest.substring(colon + 1);
        switch (vendor) {
            case "h2":
                return new DbInfo("h2", lastSegment(stripParams(stripH2Mode(tail), ';')));
            case "postgresql":
            case "pgsql":
                return new DbInfo("postgresql", pathDatabase(tail));
            case "mysql":
                return new DbInfo("mysql", pathDatabase(tail));
            case "mariadb":
                return new DbInfo("mariadb", pathDatabase(tail));
            case "sqlserver":
                return new DbInfo("microsoft.sql_server", param(tail, "databaseName"));
            case "oracle":
                return new DbInfo("oracle.db", lastSegment(tail.replace(':', '/')));
            case "hsqldb":
                return new DbInfo("hsqldb", lastSegment(stripParams(tail, ';')));
            case "derby":
                return new DbInfo("derby", lastSegment(stripParams(tail, ';')));
            case "sqlite":
                return new DbInfo("sqlite", lastSegment(tail));
            default:
                return new DbInfo("other_sql", null);
        }
    }

    private static String stripH2Mode(String tail) {
        for (String prefix : new String[] {"mem:", "file:", "tcp:", "ssl:", "zip:"}) {
            if (tail.startsWith(prefix)) {
                return tail.substring(prefix.length());
            }
        }
        return tail;
    }

    private static String stripParams(String s, char sep) {
        int i = s.indexOf(sep);
        return i >= 0 ? s.substring(0, i) : s;
    }

    private static String lastSegment(String s) {
        String t = stripParams(s, '?');
        int slash = Math.max(t.lastIndexOf('/'), t.lastIndexOf('\\'));
        String name = slash >= 0 ? t.substring(slash + 1) : t;
        return name.isEmpty() ? null : name;
    }

    /** {@code //user:pw@host:port/db?x} -> db; user info never leaves this method. */
    private static String pathDatabase(String tail) {
        String t = stripParams(tail, '?');
        if (t.startsWith("//")) {
            int slash = t.indexOf('/', 2);
            if (slash < 0) {
                return null;
            }
            t = t.substring(slash + 1);
        }
        t = stripParams(t, ';');
        return t.isEmpty() || t.contains("@") ? null : t;
    }

    private static String param(String tail, String name) {
        for (String part : tail.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).trim().equalsIgnoreCase(name)) {
                return part.substring(eq + 1).trim();
            }
        }
        return null;
    }
}
