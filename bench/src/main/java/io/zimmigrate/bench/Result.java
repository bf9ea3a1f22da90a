package io.zimmigrate.bench;

/** The one line a benchmark prints, and its exit code: 0 when the goal is met, 1 when missed, 2 when it broke. */
final class Result {
    private Result() {}

    static void report(String line, boolean pass) {
        System.out.println(line + (pass ? " PASS" : " FAIL"));
        System.out.flush();
        System.exit(pass ? 0 : 1);
    }

    static void broken(String figure, String why) {
        System.out.println(figure + ": could not measure: " + why + " ERROR");
        System.out.flush();
        System.exit(2);
    }

    static void note(String text) {
        System.err.println("  " + text);
    }
}
