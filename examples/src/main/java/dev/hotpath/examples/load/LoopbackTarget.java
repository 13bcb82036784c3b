package dev.hotpath.examples.load;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

/** Guard: the driver only ever loads this machine. */
final class LoopbackTarget {
    private LoopbackTarget() {
    }

    /** @throws IllegalArgumentException with a one-line reason unless every address of the host is loopback */
    static void require(URI target) {
        String scheme = target.getScheme();
        if (!"http".equalsIgnoreCase(scheme)) {
            throw new IllegalArgumentException("target must be an http:// URL, got '" + target + "'");
        }
        String host = target.getHost();
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("target has no host: '" + target + "'");
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("cannot resolve target host '" + host + "'");
        }
        for (InetAddress address : addresses) {
            if (!address.isLoopbackAddress()) {
                throw new IllegalArgumentException("refusing non-loopback target '" + host
                        + "' (" + address.getHostAddress() + "); only 127.0.0.0/8, ::1 and localhost are allowed");
            }
        }
    }
}
