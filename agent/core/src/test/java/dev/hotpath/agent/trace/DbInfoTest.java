package dev.hotpath.agent.trace;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class DbInfoTest {

    @Test
    void readsSystemAndNamespace() {
        assertEquals(new DbInfo("h2", "shop"), DbInfo.fromUrl("jdbc:h2:mem:shop;DB_CLOSE_DELAY=-1"));
        assertEquals(new DbInfo("postgresql", "orders"), DbInfo.fromUrl("jdbc:postgresql://db:5432/orders?ssl=true"));
        assertEquals(new DbInfo("mysql", "app"), DbInfo.fromUrl("jdbc:mysql://user:secret@host:3306/app"));
        assertEquals(new DbInfo("microsoft.sql_server", "sales"), DbInfo.fromUrl("jdbc:sqlserver://h:1433;databaseName=sales;password=x"));
        assertEquals("other_sql", DbInfo.fromUrl("not a url").system());
        assertNull(DbInfo.fromUrl(null).namespace());
    }

    @Test
    void neverKeepsCredentials() {
        DbInfo info = DbInfo.fromUrl("jdbc:postgresql://admin:hunter2@db/");
        assertEquals("postgresql", info.system());
        assertNull(info.namespace());
    }
}
