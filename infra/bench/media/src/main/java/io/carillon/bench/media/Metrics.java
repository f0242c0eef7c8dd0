package io.carillon.bench.media;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * One scrape of a Prometheus text endpoint (media-service's /q/metrics): every sample by its series,
 * {@code name{labels}} as printed. Micrometer names: the Timer {@code carillon.media.mixer.tick.duration}
 * is {@code carillon_media_mixer_tick_duration_seconds} with {@code _count}, {@code _sum}, {@code _max}
 * and {@code {quantile="0.5"}} series; gauges keep their name.
 */
final class Metrics {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Map<String, Double> series;
    private final String text;

    private Metrics(Map<String, Double> series, String text) {
        this.series = series;
        this.text = text;
    }

    static Metrics empty() {
        return new Metrics(Map.of(), "");
    }

    /** The scrape as served. */
    String text() {
        return text;
    }

    /** Scrapes the URL; an unreachable endpoint gives empty metrics and a warning on stderr. */
    static Metrics scrape(String url) {
        if (url == null) {
            return empty();
        }
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                    .header("Accept", "text/plain").GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                System.err.println("[load] warning: " + url + " answered " + response.statusCode());
                return empty();
            }
            return parse(response.body());
        } catch (Exception e) {
            System.err.println("[load] warning: cannot scrape " + url + ": " + e);
            return empty();
        }
    }

    static Metrics parse(String text) {
        Map<String, Double> series = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            // "name{labels} value" or "name{labels} value timestamp"
            String[] parts = splitSample(line);
            if (parts == null) {
                continue;
            }
            try {
                series.put(parts[0], Double.parseDouble(parts[1]));
            } catch (NumberFormatException e) {
                // NaN/Inf spelled differently: skip
            }
        }
        return new Metrics(series, text);
    }

    private static String[] splitSample(String line) {
        int brace = line.indexOf('{');
        int end = brace >= 0 ? line.indexOf('}', brace) + 1 : line.indexOf(' ');
        if (end <= 0 || end >= line.length()) {
            return null;
        }
        String key = line.substring(0, end);
        String[] rest = line.substring(end).trim().split("\\s+");
        return rest.length == 0 ? null : new String[] {key, rest[0]};
    }

    boolean isEmpty() {
        return series.isEmpty();
    }

    /** The sum of every series of this metric name (all label sets), or NaN when there is none. */
    double sum(String name) {
        double total = 0;
        boolean any = false;
        for (Map.Entry<String, Double> e : series.entrySet()) {
            String key = e.getKey();
            if (key.equals(name) || key.startsWith(name + "{")) {
                total += e.getValue();
                any = true;
            }
        }
        return any ? total : Double.NaN;
    }

    /** The quantile series of a Timer or summary ({@code name{...quantile="q"...}}), the largest over label sets. */
    double quantile(String name, String q) {
        double value = Double.NaN;
        for (Map.Entry<String, Double> e : series.entrySet()) {
            String key = e.getKey();
            if (key.startsWith(name + "{") && key.contains("quantile=\"" + q + "\"")) {
                value = Double.isNaN(value) ? e.getValue() : Math.max(value, e.getValue());
            }
        }
        return value;
    }

    /** (sum after - sum before) / (count after - count before) of a Timer or summary, or NaN. */
    /** Mean of a timer or summary since the process started (its _sum / _count). */
    double mean(String name) {
        double count = sum(name + "_count");
        return count > 0 ? sum(name + "_sum") / count : Double.NaN;
    }

    static double meanBetween(Metrics before, Metrics after, String name) {
        double count = after.sum(name + "_count") - before.sum(name + "_count");
        double sum = after.sum(name + "_sum") - before.sum(name + "_sum");
        return count > 0 ? sum / count : Double.NaN;
    }

    /**
     * The q-quantile (0..1) of what a histogram recorded between two scrapes, from its cumulative
     * {@code name_bucket{le="..."}} series: the upper bound of the first bucket that holds it (so "at most"),
     * +Inf when beyond the last bound, NaN when nothing was recorded.
     */
    static double bucketQuantileBetween(Metrics before, Metrics after, String name, double q) {
        TreeMap<Double, Double> counts = new TreeMap<>();
        String prefix = name + "_bucket{";
        for (Map.Entry<String, Double> e : after.series.entrySet()) {
            String key = e.getKey();
            int le = key.indexOf("le=\"");
            if (!key.startsWith(prefix) || le < 0) {
                continue;
            }
            String bound = key.substring(le + 4, key.indexOf('"', le + 4));
            double upper = bound.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(bound);
            double was = before.series.getOrDefault(key, 0.0);
            counts.merge(upper, e.getValue() - was, Double::sum);
        }
        Double total = counts.get(Double.POSITIVE_INFINITY);
        if (total == null || total <= 0) {
            return Double.NaN;
        }
        for (Map.Entry<Double, Double> bucket : counts.entrySet()) {
            if (bucket.getValue() >= q * total) {
                return bucket.getKey();
            }
        }
        return Double.POSITIVE_INFINITY;
    }

    /** The share (0..1) of what a histogram recorded between two scrapes that was at most {@code upper}, or NaN. */
    static double bucketShareBetween(Metrics before, Metrics after, String name, String upper) {
        String bucket = name + "_bucket{le=\"" + upper + "\",}";
        String all = name + "_bucket{le=\"+Inf\",}";
        double total = after.series.getOrDefault(all, 0.0) - before.series.getOrDefault(all, 0.0);
        double within = after.series.getOrDefault(bucket, Double.NaN) - before.series.getOrDefault(bucket, 0.0);
        return total > 0 ? within / total : Double.NaN;
    }

    static double delta(Metrics before, Metrics after, String name) {
        return after.sum(name) - before.sum(name);
    }
}
