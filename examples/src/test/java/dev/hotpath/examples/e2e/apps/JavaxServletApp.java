package dev.hotpath.examples.e2e.apps;

import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;

import javax.servlet.ServletException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.file.Files;

/** A javax.servlet app on embedded Tomcat 9. */
public final class JavaxServletApp {
    private JavaxServletApp() {
    }

    public static void main(String[] args) throws Exception {
        AppDatabase.create();
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(Files.createTempDirectory("tomcat").toString());
        tomcat.setPort(0);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        Context context = tomcat.addContext("", null);
        Tomcat.addServlet(context, "items", new ItemsServlet());
        context.addServletMappingDecoded("/items/*", "items");
        Tomcat.addServlet(context, "audit", new AuditServlet());
        context.addServletMappingDecoded("/audit", "audit");
        Tomcat.addServlet(context, "owners", new SpringStyleServlet());
        context.addServletMappingDecoded("/owners/*", "owners");
        Tomcat.addServlet(context, "boom", new BoomServlet());
        context.addServletMappingDecoded("/boom", "boom");
        tomcat.start();
        System.out.println("APP LISTENING " + tomcat.getConnector().getLocalPort());
        tomcat.getServer().await();
    }

    static final class ItemsServlet extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException, ServletException {
            try {
                int n = Integer.parseInt(req.getPathInfo().substring(1));
                resp.getWriter().write(AppDatabase.items(n));
            } catch (java.sql.SQLException e) {
                throw new ServletException(e);
            }
        }
    }

    static final class AuditServlet extends HttpServlet {
        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws ServletException {
            try {
                AppDatabase.audit();
                resp.setStatus(201);
            } catch (java.sql.SQLException e) {
                throw new ServletException(e);
            }
        }
    }

    /** Publishes its matched pattern the way Spring MVC's DispatcherServlet does. */
    static final class SpringStyleServlet extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            req.setAttribute("org.springframework.web.servlet.HandlerMapping.bestMatchingPattern", "/owners/{ownerId}/pets");
            resp.getWriter().write("pets");
        }
    }

    static final class BoomServlet extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws ServletException {
            throw new ServletException("boom");
        }
    }
}
