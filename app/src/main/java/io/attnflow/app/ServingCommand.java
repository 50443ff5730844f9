package io.attnflow.app;

import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What {@code serve} and {@code demo} share: the graph and HTTP options, and the wiring that serves until stopped. */
abstract class ServingCommand implements Callable<Integer> {
    @Mixin
    GraphOptions graph;

    @Mixin
    ServerOptions server;

    @Spec
    CommandSpec spec;
}
