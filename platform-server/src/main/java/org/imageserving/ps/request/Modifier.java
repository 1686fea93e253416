package org.imageserving.ps.request;

/**
 * One element of a modifier string, already decoded: a command ({@code name=value}), a macro call ({@code $name$}),
 * a variable definition ({@code $name=value}) or a comment ({@code .text}). Command and variable names are lower
 * case (they are case-insensitive); values keep their case.
 */
public record Modifier(Kind kind, String name, String value) {
    public enum Kind { COMMAND, MACRO, VARIABLE, COMMENT }

    public static Modifier command(String name, String value) {
        return new Modifier(Kind.COMMAND, name, value);
    }
}
