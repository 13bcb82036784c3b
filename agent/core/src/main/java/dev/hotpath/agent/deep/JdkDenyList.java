package dev.hotpath.agent.deep;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * JDK builds on which native stack walking (AsyncGetCallTrace, which async-profiler calls from signal
 * handlers) is known to crash the JVM. The data lives in {@code jdk-denylist.txt} beside this class,
 * one rule a line: {@code <vm-name substring or *> <first version> <last version> <reason>}.
 */
public final class JdkDenyList {
    private final List<Rule> rules;

    JdkDenyList(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    record Rule(String vm, Runtime.Version from, Runtime.Version to, String reason) {
        boolean matches(String vmName, Runtime.Version v) {
            return (vm.equals("*") || vmName.contains(vm)) && compare(v, from) >= 0 && compare(v, to) <= 0;
        }
    }

    public static JdkDenyList load() {
        try (InputStream in = JdkDenyList.class.getResourceAsStream("jdk-denylist.txt")) {
            if (in == null) {
                throw new IllegalStateException("jdk-denylist.txt is missing from the agent jar");
            }
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read jdk-denylist.txt", e);
        }
    }

    static JdkDenyList parse(BufferedReader r) throws IOException {
        List<Rule> rules = new ArrayList<>();
        String line;
        while ((line = r.readLine()) != null) {
            line = line.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\\s+", 4);
            if (f.length < 4) {
                throw new IllegalStateException("bad deny-list line (want: vm from to reason): " + line);
            }
            rules.add(new Rule(f[0], Runtime.Version.parse(f[1]), Runtime.Version.parse(f[2]), f[3]));
        }
        return new JdkDenyList(rules);
    }

    /** The reason this VM must not run the profiler, if a rule names it. */
    public Optional<String> reason(String vmName, Runtime.Version version) {
        for (Rule rule : rules) {
            if (rule.matches(vmName, version)) {
                return Optional.of(rule.reason());
            }
        }
        return Optional.empty();
    }

    /** Compares feature.interim.update.patch only: build numbers and pre-release tags do not matter here. */
    static int compare(Runtime.Version a, Runtime.Version b) {
        List<Integer> x = a.version();
        List<Integer> y = b.version();
        for (int i = 0; i < 4; i++) {
            int c = Integer.compare(i < x.size() ? x.get(i) : 0, i < y.size() ? y.get(i) : 0);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }
}
