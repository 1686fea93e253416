# Varnish (Debian: apt-get install varnish) as a CDN stand-in in front of HAProxy (deploy/haproxy/haproxy.cfg).
# Copy to /etc/varnish/default.vcl and set the backend's address; Debian's varnish.service listens on :6081.
#
# Varnish keeps what the nodes allow: their Cache-Control (catalog Expiration; errors are no-store), ETag and
# Last-Modified, and Vary: Accept on bfc=on replies. Expired objects are kept an hour more, so Varnish revalidates
# them with the node (If-None-Match, answered 304) instead of fetching the image again, and answers its clients'
# own conditional requests with 304 itself.
vcl 4.1;

backend haproxy {
    .host = "127.0.0.1";
    .port = "80";
    .connect_timeout = 2s;
    # a first render of a large master
    .first_byte_timeout = 60s;
    .between_bytes_timeout = 10s;
}

sub vcl_recv {
    # for the operator and for peers on their own addresses, never for the CDN's clients
    if (req.url ~ "^/is/(metrics|cache)") {
        return (synth(403, "Forbidden"));
    }
    if (req.url ~ "^/is/(image|content)/") {
        # No reply depends on cookies or credentials: without this, Varnish would not cache a request carrying them.
        unset req.http.Cookie;
        unset req.http.Authorization;
        # bfc=on replies vary by Accept only in whether it names image/avif and image/webp: at most four variants
        # instead of one per browser (a node without libheif answers AVIF-only clients with the JPEG variant).
        if (req.http.Accept ~ "image/avif" && req.http.Accept ~ "image/webp") {
            set req.http.Accept = "image/avif,image/webp";
        } elsif (req.http.Accept ~ "image/avif") {
            set req.http.Accept = "image/avif";
        } elsif (req.http.Accept ~ "image/webp") {
            set req.http.Accept = "image/webp";
        } else {
            unset req.http.Accept;
        }
    }
}

sub vcl_backend_response {
    set beresp.keep = 1h;
}
