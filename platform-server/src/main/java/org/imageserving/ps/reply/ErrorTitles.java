package org.imageserving.ps.reply;

/** The {@code error.title} of a failure, as the documentation's "Errors" page names the kinds of error. */
public final class ErrorTitles {
    private ErrorTitles() {}

    public static String of(int status, String message) {
        if (message != null && message.startsWith("image not found")) {
            return "Image not found";
        }
        return switch (status) {
            case 400, 403, 416 -> "Invalid request";
            case 404 -> "Not found";
            case 503 -> "Service unavailable";
            default -> "Server error";
        };
    }
}
