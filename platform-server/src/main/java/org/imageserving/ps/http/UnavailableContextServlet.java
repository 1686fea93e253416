package org.imageserving.ps.http;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** A documented context this build does not serve (yet): a clear protocol error, not Tomcat's default page. */
public final class UnavailableContextServlet extends HttpServlet {
    private final String what;

    public UnavailableContextServlet(String what) {
        this.what = what;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ErrorResponse.send(response, 403, what + " is not available", what + " is not served by this ImageServing build");
    }
}
