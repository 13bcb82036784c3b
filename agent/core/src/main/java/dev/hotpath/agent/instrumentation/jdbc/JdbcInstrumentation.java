package dev.hotpath.agent.instrumentation.jdbc;

import dev.hotpath.agent.instrumentation.Instrumentation;
import dev.hotpath.bootstrap.HotpathHooks;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * JDBC for any driver: statements remember their SQL at prepare time (forgotten at close), executions become DB spans,
 * {@code DataSource.getConnection} and {@code Driver.connect} become connection-acquire spans (the
 * pool wait). Wrapped drivers and pools give one span per logical call (call-depth guard).
 */
public final class JdbcInstrumentation implements Instrumentation {

    @Override
    public String name() {
        return "jdbc";
    }

    @Override
    public AgentBuilder extend(AgentBuilder builder, AgentBuilder.Transformer.ForAdvice advice) {
        String prefix = JdbcInstrumentation.class.getName();
        return builder
                .type(not(isInterface()).and(hasSuperType(named("java.sql.Connection"))))
                .transform(advice
                        .advice(namedOneOf("prepareStatement", "prepareCall").and(not(isAbstract()))
                                .and(takesArgument(0, String.class)), prefix + "$PrepareAdvice")
                        .advice(named("createStatement").and(not(isAbstract())), prefix + "$CreateStatementAdvice"))
                .type(not(isInterface()).and(hasSuperType(named("java.sql.Statement"))))
                .transform(advice
                        .advice(namedOneOf("execute", "executeQuery", "executeUpdate", "executeLargeUpdate")
                                .and(not(isAbstract())).and(takesArgument(0, String.class)), prefix + "$ExecuteSqlAdvice")
                        .advice(namedOneOf("execute", "executeQuery", "executeUpdate", "executeLargeUpdate")
                                .and(not(isAbstract())).and(takesArguments(0)), prefix + "$ExecutePreparedAdvice")
                        .advice(namedOneOf("executeBatch", "executeLargeBatch").and(not(isAbstract()))
                                .and(takesArguments(0)), prefix + "$ExecuteBatchAdvice")
                        .advice(named("close").and(not(isAbstract())).and(takesArguments(0)), prefix + "$CloseAdvice")
                        .advice(named("addBatch").and(not(isAbstract())).and(takesArguments(0)), prefix + "$AddBatchAdvice")
                        .advice(named("addBatch").and(not(isAbstract())).and(takesArguments(String.class)), prefix + "$AddBatchSqlAdvice"))
                .type(not(isInterface()).and(hasSuperType(named("javax.sql.DataSource"))))
                .transform(advice.advice(named("getConnection").and(not(isAbstract())), prefix + "$DataSourceAdvice"))
                .type(not(isInterface()).and(hasSuperType(named("java.sql.Driver"))))
                .transform(advice.advice(named("connect").and(not(isAbstract()))
                        .and(takesArguments(2)).and(takesArgument(0, String.class)), prefix + "$DriverConnectAdvice"));
    }

    public static class PrepareAdvice {
        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Advice.This Object connection, @Advice.Argument(0) String sql,
                                @Advice.Return Object statement) {
            HotpathHooks.statementPrepared(connection, statement, sql);
        }
    }

    public static class CreateStatementAdvice {
        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Advice.This Object connection, @Advice.Return Object statement) {
            HotpathHooks.statementPrepared(connection, statement, null);
        }
    }

    public static class ExecuteSqlAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static Object enter(@Advice.This Object statement, @Advice.Argument(0) String sql) {
            return HotpathHooks.statementEnter(statement, sql, false);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Advice.Enter Object token, @Advice.Thrown Throwable error) {
            HotpathHooks.statementExit(token, error);
        }
    }

    public static class ExecutePreparedAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static Object enter(@Advice.This Object statement) {
            return HotpathHooks.statementEnter(statement, null, false);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Advice.Enter Object token, @Advice.Thrown Throwable error) {
            HotpathHooks.statementExit(token, error);
        }
    }

    public static class ExecuteBatchAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static Object enter(@Advice.This Object statement) {
            return HotpathHooks.statementEnter(statement, null, true);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Advice.Enter Object token, @Advice.Thrown Throwable error) {
            HotpathHooks.statementExit(token, error);
        }
    }

    public static class CloseAdvice {
        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Advice.This Object statement) {
            HotpathHooks.statementClosed(statement);
        }
    }

    public static class AddBatchAdvice {
        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Advice.This Object statement) {
            HotpathHooks.batchAdded(statement, null);
        }
    }

    public static class AddBatchSqlAdvice {
        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Advice.This Object statement, @Advice.Argument(0) String sql) {
            HotpathHooks.batchAdded(statement, sql);
        }
    }

    public static class DataSourceAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static Object enter(@Advice.This Object dataSource) {
            return HotpathHooks.acquireEnter(dataSource, null);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Advice.Enter Object token, @Advice.Return Object connection,
                                @Advice.Thrown Throwable error) {
            HotpathHooks.acquireExit(token, connection, error);
        }
    }

    public static class DriverConnectAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static Object enter(@Advice.This Object driver, @Advice.Argument(0) String url) {
            return HotpathHooks.acquireEnter(driver, url);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Advice.Enter Object token, @Advice.Argument(0) String url,
                                @Advice.Return Object connection, @Advice.Thrown Throwable error) {
            HotpathHooks.connectionOpened(connection, url);
            HotpathHooks.acquireExit(token, connection, error);
        }
    }
}
