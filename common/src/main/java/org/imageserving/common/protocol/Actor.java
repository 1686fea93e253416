package org.imageserving.common.protocol;

/** Which server acts on a command: the Platform Server consumes some itself; the rest travel to the Image Server. */
public enum Actor {
    /** The Platform Server acts on it (cache control, locale, defaults, property replies); never sent to is. */
    PS,
    /** The Image Server acts on it: the Platform Server forwards it, and it is part of the response-cache key. */
    IS,
    /** Both: ps reads it (e.g. to choose a reply path) and forwards it for is to act on. */
    BOTH;

    public boolean forwarded() {
        return this != PS;
    }
}
