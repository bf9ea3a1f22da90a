package io.zimmigrate.cli.connect;

/** Which HTTP stack carries the requests; both behave identically (one contract suite). */
public enum Transport {
    VERTX, FEIGN
}
