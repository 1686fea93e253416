package org.imageserving.supervisor.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.TimeBasedRollingPolicy;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.imageserving.common.config.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The supervisor's own log ({@code SV::log}) and one log per component, each a daily file with the date inserted
 * before the suffix as the documentation describes ({@code logs/ImageServer-2026-11-27.log}) and kept for
 * {@code TC::maxDays} days. Components write to standard output; the supervisor copies each line into the component's
 * file, so a JVM's own crash report lands there too.
 */
public final class SupervisorLogs {
    private final LoggerContext context;
    private final Configuration configuration;

    private SupervisorLogs(LoggerContext context, Configuration configuration) {
        this.context = context;
        this.configuration = configuration;
    }

    public static SupervisorLogs configure(Configuration configuration) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        SupervisorLogs logs = new SupervisorLogs(context, configuration);
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.detachAndStopAllAppenders();
        root.addAppender(logs.dailyFile("supervisor", configuration.supervisor().log(),
                "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{30} - %msg%n"));
        root.setLevel(level(configuration.supervisor().traceLevel()));
        return logs;
    }

    /** Where the lines a component prints go. */
    public Consumer<String> componentOutput(String id) {
        Path base = switch (id) {
            case "is" -> configuration.imageServer().log();
            case "ps" -> configuration.tomcat().accessLogDirectory().resolve("trace.log");
            default -> configuration.tomcat().accessLogDirectory().resolve("SvgServer.log");
        };
        ch.qos.logback.classic.Logger logger = context.getLogger("component." + id);
        logger.setAdditive(false);
        logger.setLevel(Level.ALL);
        logger.addAppender(dailyFile(id, base, "%msg%n"));
        return line -> logger.info(line);
    }

    private RollingFileAppender<ILoggingEvent> dailyFile(String name, Path base, String pattern) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(pattern);
        encoder.start();
        RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
        appender.setContext(context);
        appender.setName(name);
        appender.setEncoder(encoder);
        TimeBasedRollingPolicy<ILoggingEvent> policy = new TimeBasedRollingPolicy<>();
        policy.setContext(context);
        policy.setParent(appender);
        policy.setFileNamePattern(dated(base));
        policy.setMaxHistory(Math.max(1, configuration.tomcat().accessLogMaxDays()));
        policy.start();
        appender.setRollingPolicy(policy);
        appender.start();
        return appender;
    }

    /** {@code logs/ImageServer.log} becomes {@code logs/ImageServer-%d{yyyy-MM-dd}.log}. */
    static String dated(Path base) {
        String name = base.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String suffix = dot > 0 ? name.substring(dot) : ".log";
        return base.resolveSibling(stem + "-%d{yyyy-MM-dd}" + suffix).toString();
    }

    static Level level(int traceLevel) {
        return switch (traceLevel) {
            case 1 -> Level.WARN;
            case 3 -> Level.DEBUG;
            case 4 -> Level.TRACE;
            default -> Level.INFO;
        };
    }
}
