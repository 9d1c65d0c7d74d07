package io.camelchat.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import com.lark.oapi.Client;
import com.lark.oapi.service.im.v1.model.CreateMessageReq;
import com.lark.oapi.service.im.v1.model.CreateMessageReqBody;
import com.lark.oapi.service.im.v1.model.CreateMessageResp;
import io.camelchat.lark.LarkComponent;
import io.camelchat.lark.LarkConfiguration;
import io.camelchat.simulator.lark.LarkChat;
import io.camelchat.simulator.lark.LarkSimulator;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * Side-by-side Lark send benchmark: one {@link LarkSimulator} (plain http, no rate limit), text messages to a group
 * chat from {@code N} threads at once (N = each of {@code bench.concurrency}, default 1 and 16), each thread sending
 * its next message as soon as the previous one was answered:
 * <ol>
 * <li>{@code camel}: {@code ProducerTemplate.send("lark:message?to=chat_id:<chat>", body = text)}, component defaults
 * (Apache HttpClient 5, pool of 20 connections; the producer adds a random {@code uuid} to every send);</li>
 * <li>{@code official}: the official Java SDK (oapi-sdk 2.5.3) {@code client.im().message().create(...)} with
 * {@code receive_id_type=chat_id}, SDK defaults (OkHttp, token cache), a random {@code uuid} per send as well so
 * that the simulator does the same work for both.</li>
 * </ol>
 * Both clients are built once (the tenant token is fetched before the first measurement) and used from the same
 * threads. Repetitions are interleaved (every concurrency and client once per repetition, the first repetition only
 * warms up). Per combination and repetition: {@code bench.warmupSeconds} not counted, then {@code bench.seconds}
 * measured: msgs/s = successful sends started in the window / (end of the last of them - start of the window). A send
 * counts when the client reports success (HTTP 200, code 0, a message id); the simulator's stored messages are
 * compared with the client's count after every phase.
 */
public final class LarkSendBenchmark {

    private static final double WARMUP_SECONDS = Double.parseDouble(System.getProperty("bench.warmupSeconds", "1"));
    private static final double SECONDS = Double.parseDouble(System.getProperty("bench.seconds", "4"));
    private static final int REPS = Integer.getInteger("bench.reps", 3);
    private static final int WARMUP_REPS = Integer.getInteger("bench.warmupReps", 1);
    private static final List<Integer> CONCURRENCY = Arrays.stream(System.getProperty("bench.concurrency", "1,16")
            .split(",")).map(String::trim).map(Integer::valueOf).toList();
    private static final List<String> CLIENTS = List
            .of(System.getProperty("bench.clients", "camel,official").split(","));
    private static final String CHAT_ID = "oc_5ad11d72b830411d72b836c20benchmark";

    /** One client: a blocking send of one text message. */
    interface Sender extends AutoCloseable {
        void send(String text) throws Exception;

        @Override
        void close() throws Exception;
    }

    record Rep(double msgsPerSecond, long[] latencyNanos, long failures) {
    }

    record Result(String client, int concurrency, List<Rep> reps) {
        double msgsPerSecond() {
            double[] v = reps.stream().mapToDouble(Rep::msgsPerSecond).sorted().toArray();
            return v.length == 0 ? Double.NaN
                    : v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        }

        double min() {
            return reps.stream().mapToDouble(Rep::msgsPerSecond).min().orElse(Double.NaN);
        }

        double max() {
            return reps.stream().mapToDouble(Rep::msgsPerSecond).max().orElse(Double.NaN);
        }

        long failures() {
            return reps.stream().mapToLong(Rep::failures).sum();
        }

        double latencyMs(double p) {
            long[] all = reps.stream().flatMapToLong(r -> Arrays.stream(r.latencyNanos())).sorted().toArray();
            if (all.length == 0) {
                return Double.NaN;
            }
            int idx = (int) Math.ceil(p * all.length) - 1;
            return all[Math.max(0, Math.min(idx, all.length - 1))] / 1e6;
        }
    }

    public static void main(String[] args) throws Exception {
        System.out.printf(
                Locale.ROOT, "Lark send benchmark: %d (+%d warm-up) repetitions x concurrency %s x clients %s; per"
                             + " phase %.1f s warm-up + %.1f s measured; %d CPUs; Java %s%n",
                REPS, WARMUP_REPS,
                CONCURRENCY, CLIENTS, WARMUP_SECONDS, SECONDS, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        long t0 = System.nanoTime();
        // defaults: rateLimitPerSecond 0 (off); uuid de-duplication on (1 h window), never hit: every uuid is new
        try (LarkSimulator sim = LarkSimulator.builder().start()) {
            sim.addChat(new LarkChat(CHAT_ID, "benchmark", List.of()));
            Map<String, Sender> senders = new LinkedHashMap<>();
            for (String c : CLIENTS) {
                Sender s = switch (c.trim()) {
                    case "camel" -> camel(sim);
                    case "official" -> official(sim);
                    default -> throw new IllegalArgumentException("unknown client " + c);
                };
                s.send("token fetch"); // the first call fetches the tenant token
                senders.put(c.trim(), s);
            }
            Map<String, List<Rep>> reps = new LinkedHashMap<>();
            for (int rep = 1; rep <= WARMUP_REPS + REPS; rep++) {
                boolean counted = rep > WARMUP_REPS;
                System.out.printf("-- repetition %d of %d%s%n", rep, WARMUP_REPS + REPS,
                        counted ? "" : " (warm-up, not counted)");
                for (int n : CONCURRENCY) {
                    for (Map.Entry<String, Sender> e : senders.entrySet()) {
                        Rep r = measure(sim, e.getKey(), e.getValue(), n);
                        if (counted) {
                            reps.computeIfAbsent(e.getKey() + "@" + n, k -> new ArrayList<>()).add(r);
                        }
                    }
                }
            }
            for (Sender s : senders.values()) {
                s.close();
            }
            System.out.println("token answers of the simulator over the run: " + sim.tokenIssuances());
            List<String> errors = sim.protocolErrors();
            if (!errors.isEmpty()) {
                System.out.println("simulator protocol errors: " + errors.size() + ", first: " + errors.get(0));
            }
            List<Result> results = new ArrayList<>();
            reps.forEach((k, v) -> results.add(new Result(k.substring(0, k.indexOf('@')),
                    Integer.parseInt(k.substring(k.indexOf('@') + 1)), v)));
            print(results, (System.nanoTime() - t0) / 1e9);
        }
        System.out.flush();
        System.exit(0);
    }

    private static Sender camel(LarkSimulator sim) throws Exception {
        CamelContext context = new DefaultCamelContext();
        LarkComponent component = new LarkComponent();
        LarkConfiguration cfg = component.getConfiguration();
        cfg.setAppId(sim.appId());
        cfg.setAppSecret(sim.appSecret());
        cfg.setApiUrl(sim.apiUrl());
        context.addComponent("lark", component);
        context.start();
        ProducerTemplate template = context.createProducerTemplate();
        Endpoint endpoint = context.getEndpoint("lark:message?to=chat_id:" + CHAT_ID);
        return new Sender() {
            @Override
            public void send(String text) throws Exception {
                Exchange ex = template.send(endpoint, e -> e.getMessage().setBody(text));
                if (ex.getException() != null) {
                    throw ex.getException();
                }
            }

            @Override
            public void close() throws Exception {
                template.close();
                context.stop();
            }
        };
    }

    private static Sender official(LarkSimulator sim) {
        Client client = Client.newBuilder(sim.appId(), sim.appSecret())
                .openBaseUrl(sim.apiUrl()).build();
        return new Sender() {
            @Override
            public void send(String text) throws Exception {
                CreateMessageResp resp = client.im().message().create(CreateMessageReq.newBuilder()
                        .receiveIdType("chat_id")
                        .createMessageReqBody(CreateMessageReqBody.newBuilder().receiveId(CHAT_ID).msgType("text")
                                .content("{\"text\":\"" + text + "\"}").uuid(UUID.randomUUID().toString()).build())
                        .build());
                if (!resp.success() || resp.getData() == null || resp.getData().getMessageId() == null) {
                    throw new IllegalStateException("send failed: " + resp.getCode() + " " + resp.getMsg());
                }
            }

            @Override
            public void close() {
                // nothing to close in 2.5.3 (a shared OkHttp client)
            }
        };
    }

    /** One phase: {@code n} threads sending back to back; warm-up, then the measured window. */
    private static Rep measure(LarkSimulator sim, String name, Sender sender, int n) throws Exception {
        int storedBefore = sim.sentMessages().size();
        long warmupNanos = (long) (WARMUP_SECONDS * 1e9);
        long windowNanos = (long) (SECONDS * 1e9);
        CountDownLatch ready = new CountDownLatch(n);
        CountDownLatch go = new CountDownLatch(1);
        long[][] latencies = new long[n][];
        long[] lastEnd = new long[n];
        AtomicLong failures = new AtomicLong();
        AtomicLong sends = new AtomicLong();
        long[] times = new long[2]; // measure start, end
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < n; t++) {
            int idx = t;
            Thread th = new Thread(() -> {
                long[] lat = new long[1 << 16];
                int count = 0;
                long end = 0;
                ready.countDown();
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                long measureStart = times[0];
                long stop = times[1];
                int i = 0;
                while (true) {
                    long start = System.nanoTime();
                    if (start >= stop) {
                        break;
                    }
                    boolean ok;
                    try {
                        sender.send("benchmark message " + idx + "-" + i++);
                        ok = true;
                    } catch (Exception e) {
                        ok = false;
                        if (failures.incrementAndGet() <= 3) {
                            System.out.println("   !! " + name + " send failed: " + e);
                        }
                    }
                    long done = System.nanoTime();
                    sends.incrementAndGet();
                    if (ok && start >= measureStart) {
                        if (count == lat.length) {
                            lat = Arrays.copyOf(lat, count * 2);
                        }
                        lat[count++] = done - start;
                        end = done;
                    }
                }
                latencies[idx] = Arrays.copyOf(lat, count);
                lastEnd[idx] = end;
            }, "bench-sender-" + t);
            th.setDaemon(true);
            threads.add(th);
            th.start();
        }
        ready.await();
        long begin = System.nanoTime();
        times[0] = begin + warmupNanos;
        times[1] = times[0] + windowNanos;
        go.countDown();
        for (Thread th : threads) {
            th.join();
        }
        long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
        long last = Arrays.stream(lastEnd).max().orElse(times[1]);
        double rate = all.length / ((last - times[0]) / 1e9);
        int stored = sim.sentMessages().size() - storedBefore;
        long ok = sends.get() - failures.get();
        System.out.printf(Locale.ROOT,
                "   %-9s c=%-3d %,8.0f msgs/s (%d in %.2f s); latency p50 %.3f ms p99 %.3f ms%s%s%n",
                name, n, rate, all.length, (last - times[0]) / 1e9, pct(all, 0.5), pct(all, 0.99),
                failures.get() > 0 ? "; FAILED " + failures.get() : "",
                stored != ok ? "; simulator stored " + stored + " messages, client counted " + ok : "");
        return new Rep(rate, all, failures.get());
    }

    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int idx = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(idx, sorted.length - 1))] / 1e6;
    }

    private static void print(List<Result> results, double totalSeconds) {
        System.out.printf(
                Locale.ROOT, "%n== Results (%d repetitions, %.0f s): msgs/s = median over repetitions of successful"
                             + " sends / measured window (%.1f s); latency = one send call, percentiles over all"
                             + " repetitions' samples%n",
                REPS, totalSeconds, SECONDS);
        System.out.printf(Locale.ROOT, "%-10s %5s %10s %21s %9s %9s %9s%n", "client", "conc.", "msgs/s", "(min - max)",
                "p50 ms", "p99 ms", "failed");
        for (Result r : results) {
            System.out.printf(Locale.ROOT, "%-10s %5d %,10.0f   (%,7.0f - %,7.0f) %9.3f %9.3f %9d%n", r.client(),
                    r.concurrency(), r.msgsPerSecond(), r.min(), r.max(), r.latencyMs(0.5), r.latencyMs(0.99),
                    r.failures());
        }
        System.out.println();
        System.out.println("ratios camel / official (throughput: higher is better; latency: lower is better)");
        for (int n : CONCURRENCY) {
            Result c = find(results, "camel", n);
            Result o = find(results, "official", n);
            if (c != null && o != null) {
                System.out.printf(Locale.ROOT, "  concurrency %-3d throughput %5.2f   p50 %5.2f   p99 %5.2f%n", n,
                        c.msgsPerSecond() / o.msgsPerSecond(), c.latencyMs(0.5) / o.latencyMs(0.5),
                        c.latencyMs(0.99) / o.latencyMs(0.99));
            }
        }
        System.out.println();
    }

    private static Result find(List<Result> results, String client, int n) {
        return results.stream().filter(r -> r.client().equals(client) && r.concurrency() == n).findFirst().orElse(null);
    }
}
