package io.camelchat.it.cluster;

import java.io.IOException;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import io.camelchat.common.ChatHeaders;
import io.camelchat.common.store.JdbcStateRepository;
import io.camelchat.common.store.JdbcTokenStore;
import io.camelchat.dingtalk.DingTalkComponent;
import io.camelchat.dingtalk.DingTalkConfiguration;
import io.camelchat.it.nodes.NodeProcess;
import io.camelchat.openim.OpenImComponent;
import io.camelchat.openim.OpenImConfiguration;
import io.camelchat.symphony.SymphonyComponent;
import io.camelchat.symphony.SymphonyConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.cluster.CamelClusterEventListener;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.component.zookeeper.cluster.ZooKeeperClusterService;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * One node of the scale-out tests, run in a JVM of its own ({@link NodeProcess}): a Camel context whose cluster service
 * is ZooKeeper ({@code camel-zookeeper}'s {@link ZooKeeperClusterService}) and whose shared stores are in one database
 * (offsets: {@link JdbcStateRepository}; webhook replay keys: camel-sql's {@link JdbcMessageIdRepository}; access
 * tokens: {@link JdbcTokenStore}). It runs
 * <ul>
 * <li>{@code master:openim:openim:stream}: the OpenIM stream on the leader of the namespace {@code openim} only;</li>
 * <li>{@code master:symphony:symphony:datafeed?datafeedVersion=v1}: the Symphony datafeed v1 (one queue, one reader)
 * on the leader of the namespace {@code symphony} only, its feed id in the database;</li>
 * <li>{@code dingtalk:webhook} on every node, on its own HTTP port.</li>
 * </ul>
 * Its configuration file ({@link NodeProcess#readConfig}) holds {@code node}, {@code zk}, {@code jdbcUrl},
 * {@code jdbcUser}, {@code jdbcPassword},
 * {@code openimApi}, {@code openimWs}, {@code openimUser}, {@code openimAdmin}, {@code openimSecret},
 * {@code httpPort}, {@code dingtalkClientId}, {@code dingtalkSecret}, {@code symphonyBot}, {@code symphonyKeyFile},
 * {@code symphonyPod}, {@code symphonyAgent}, {@code symphonyKeyManager}, {@code workMillis} (each OpenIM and Symphony
 * event's work). Reports (lines with {@link NodeProcess#MARK}): {@code READY}, {@code LEADER <true|false>},
 * {@code OPENIM <messageId> <text>}, {@code SYMPHONY <messageId>}, {@code WEBHOOK <messageId> <text>}.
 * It stops when its standard input closes.
 */
public final class ClusterNode {

    private ClusterNode() {
    }

    /** The original standard output: the reports' (logging goes to standard error, the node's log file). */
    private static PrintStream reports;

    public static void main(String[] args) throws Exception {
        reports = System.out;
        System.setOut(System.err);
        Properties config = NodeProcess.readConfig(args);
        Map<String, String> a = new HashMap<>();
        for (String key : config.stringPropertyNames()) {
            a.put(key, config.getProperty(key));
        }
        String node = a.get("node");
        DataSource dataSource = new DriverManagerDataSource(a.get("jdbcUrl"), a.get("jdbcUser"), a.get("jdbcPassword"));

        CamelContext context = new DefaultCamelContext();
        ZooKeeperClusterService cluster = new ZooKeeperClusterService();
        cluster.setId(node);
        cluster.setNodes(a.get("zk"));
        cluster.setBasePath("/camelchat");
        // a crashed leader's ZooKeeper session (and so its leadership) ends after this long
        cluster.setSessionTimeout(3, TimeUnit.SECONDS);
        cluster.setConnectionTimeout(3, TimeUnit.SECONDS);
        context.addService(cluster);

        VertxPlatformHttpServerConfiguration http = new VertxPlatformHttpServerConfiguration();
        http.setBindHost("127.0.0.1");
        http.setBindPort(Integer.parseInt(a.get("httpPort")));
        context.addService(new VertxPlatformHttpServer(http));

        OpenImConfiguration openim = context.getComponent("openim", OpenImComponent.class).getConfiguration();
        openim.setUserId(a.get("openimUser"));
        openim.setAdminUserId(a.get("openimAdmin"));
        openim.setSecret(a.get("openimSecret"));
        openim.setApiUrl(a.get("openimApi"));
        openim.setWsUrl(a.get("openimWs"));
        openim.setReconnectDelay(100);
        openim.setOffsetRepository(new JdbcStateRepository(dataSource));
        // the access tokens too: a node that takes over the stream reads the user token the previous leader fetched
        JdbcTokenStore tokens = new JdbcTokenStore(dataSource);
        openim.setTokenStore(tokens);

        DingTalkConfiguration dingtalk = context.getComponent("dingtalk", DingTalkComponent.class).getConfiguration();
        dingtalk.setClientId(a.get("dingtalkClientId"));
        dingtalk.setClientSecret(a.get("dingtalkSecret"));
        JdbcMessageIdRepository replays = new JdbcMessageIdRepository(dataSource, "dingtalk-robot");
        // created by the test beforehand (ClusterDatabase.createMessageIdTable): camel-sql's own check fails on
        // PostgreSQL (its failed probe aborts the transaction in which it then creates the table)
        replays.setCreateTableIfNotExists(false);
        dingtalk.setReplayRepository(replays);
        dingtalk.setTokenStore(tokens);

        SymphonyConfiguration symphony = context.getComponent("symphony", SymphonyComponent.class)
                .getConfiguration();
        symphony.setBotUsername(a.get("symphonyBot"));
        symphony.setPrivateKeyFile(a.get("symphonyKeyFile"));
        symphony.setPodUrl(a.get("symphonyPod"));
        symphony.setAgentUrl(a.get("symphonyAgent"));
        symphony.setKeyManagerUrl(a.get("symphonyKeyManager"));
        symphony.setReconnectDelay(100);
        // the v1 feed's id: the node that takes over reads the same feed
        symphony.setOffsetRepository(new JdbcStateRepository(dataSource));
        symphony.setTokenStore(tokens);

        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("master:openim:openim:stream").routeId("openim-stream")
                        .process(e -> report("OPENIM " + id(e) + " " + text(e)))
                        // the route's own work, so that events are in flight when the test kills the leader
                        .delay(Long.parseLong(a.getOrDefault("workMillis", "0"))).syncDelayed();
                from("master:symphony:symphony:datafeed?datafeedVersion=v1&eventTypes=MESSAGESENT")
                        .routeId("symphony-datafeed")
                        .process(e -> report("SYMPHONY " + id(e)))
                        .delay(Long.parseLong(a.getOrDefault("workMillis", "0"))).syncDelayed();
                from("dingtalk:webhook?webhookPath=/dingtalk/robot").routeId("dingtalk-webhook")
                        .process(e -> report("WEBHOOK " + id(e) + " " + text(e)));
            }
        });
        context.start();
        cluster.getView("openim").addEventListener((CamelClusterEventListener.Leadership) (view, leader) -> report(
                "LEADER " + (leader != null && leader.isLocal())));
        report("READY");
        try {
            while (System.in.read() >= 0) {
                // runs until the test closes standard input
            }
        } catch (IOException e) {
            // the test is gone
        }
        context.close();
        System.exit(0);
    }

    private static String id(Exchange e) {
        return e.getMessage().getHeader(ChatHeaders.MESSAGE_ID, String.class);
    }

    private static String text(Exchange e) {
        return String.valueOf(e.getMessage().getBody(String.class)).replace('\n', ' ');
    }

    private static void report(String line) {
        synchronized (reports) {
            reports.println(NodeProcess.MARK + line);
            reports.flush();
        }
    }
}
