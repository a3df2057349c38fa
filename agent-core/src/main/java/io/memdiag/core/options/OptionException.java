package io.memdiag.core.options;

/** One rejected option, with the key it concerns so the message can name it. */
public final class OptionException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String key;

    public OptionException(String key, String message) {
        super(message);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
