package io.memdiag.core.collect;

/**
 * One line of /proc/self/mountinfo:
 * {@code id parent major:minor root mountPoint options [optional fields] - fsType source superOptions}.
 *
 * @param root         the directory of the mounted file system that appears at the mount point
 *                     ("/" unless a container sees only its own part of the cgroup tree)
 * @param mountPoint   where it appears, absolute
 * @param fsType       "cgroup" (v1) or "cgroup2"
 * @param superOptions for v1, names the controllers ("rw,memory")
 */
record MountInfoLine(String root, String mountPoint, String fsType, String superOptions) {

    /** The parsed line, or null when it does not have the documented shape. */
    static MountInfoLine parse(String line) {
        int separator = line.indexOf(" - ");
        if (separator < 0) {
            return null;
        }
        String[] left = line.substring(0, separator).split(" ");
        String[] right = line.substring(separator + 3).split(" ");
        if (left.length < 5 || right.length < 3 || !left[4].startsWith("/")) {
            return null;
        }
        return new MountInfoLine(unescape(left[3]), unescape(left[4]), right[0], right[2]);
    }

    boolean hasSuperOption(String option) {
        for (String o : superOptions.split(",")) {
            if (o.equals(option)) {
                return true;
            }
        }
        return false;
    }

    /** The kernel writes space, tab, newline and backslash in paths as octal escapes (\040 ...). */
    static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length() && isOctal(s, i + 1, i + 4)) {
                sb.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static boolean isOctal(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '7') {
                return false;
            }
        }
        return true;
    }
}
