package io.zimmigrate.core.rules;

/** ZIM's documented size limits (zim-api.md §4), in UTF-8 bytes. */
public final class Limits {
    public static final int MESSAGE_DEFAULT = 2048;
    public static final int MESSAGE_MAX = 32768;
    public static final int MULTI_ITEM_DEFAULT = 5120;
    public static final int EXTENDED_DATA = 1024;
    public static final int URL = 500;
    public static final int FILE_NAME = 150;
    public static final int MULTI_ITEMS = 20;
    public static final int SEARCHED_CONTENT = 64;
    public static final int SUB_TYPE_MAX = 200;

    private Limits() {}
}
