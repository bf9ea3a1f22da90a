package io.zimmigrate.cli;

/** Placeholder entry point; replaced by the picocli command. */
public final class ZimMigrate {
    public static void main(String[] args) {
        System.out.println("zim-migrate");
    }
}
