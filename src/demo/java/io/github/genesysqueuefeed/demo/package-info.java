/**
 * The product without a real org: {@link io.github.genesysqueuefeed.demo.Demo} ({@code ./mvnw -q -Pdemo}), the
 * simulated Genesys org the demo and the benchmarks poll ({@link io.github.genesysqueuefeed.demo.GenesysSimulator}:
 * token, queue listing, observations) and {@link io.github.genesysqueuefeed.demo.StandaloneServices} (simulator and
 * broker in a JVM of their own, for the shipped jar).
 *
 * <p>Simulators of other Genesys surfaces belong here beside GenesysSimulator, one class each: the Notifications API
 * (push mode: the channel call and the websocket that streams queue topics) is
 * {@link io.github.genesysqueuefeed.support.NotificationsSimulator} (package {@code support}, where the tests have
 * always found it), which the demo starts next to the REST one: {@link GenesysSimulator#routeNotificationsTo} forwards
 * the notification calls to it and {@link OrgChanges} changes queues and pushes each change. Tests use these classes; nothing here uses a test class
 * ({@code src/demo/java} compiles on its own), and nothing here is in the jar.
 */
package io.github.genesysqueuefeed.demo;
