package io.carillon.bench.media;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU clock ticks and memory of local processes, from /proc (Linux). -1 when unreadable. */
final class ProcStats {

    private ProcStats() {
    }

    /** One reading of a process: utime+stime of all its threads, and of its JIT compiler threads. */
    record Cpu(long ticks, long jitTicks) {
        static final Cpu NONE = new Cpu(-1, -1);

        boolean known() {
            return ticks >= 0;
        }
    }

    static Cpu cpu(String pid) {
        long total = ticks(Path.of("/proc", pid, "stat"));
        if (total < 0) {
            return Cpu.NONE;
        }
        long jit = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", pid, "task"))) {
            for (Path task : tasks) {
                String stat = read(task.resolve("stat"));
                if (stat != null && (stat.contains("(C1 CompilerThre") || stat.contains("(C2 CompilerThre"))) {
                    jit += Math.max(0, ticks(stat));
                }
            }
        } catch (IOException | RuntimeException e) {
            jit = 0;
        }
        return new Cpu(total, jit);
    }

    /** utime+stime (fields 14 and 15 of /proc/[pid]/stat), after the parenthesised command name. */
    private static long ticks(Path stat) {
        String text = read(stat);
        return text == null ? -1 : ticks(text);
    }

    private static long ticks(String text) {
        int close = text.lastIndexOf(')');
        if (close < 0) {
            return -1;
        }
        String[] f = text.substring(close + 2).trim().split("\\s+");
        // f[0] is field 3 (state): utime is field 14, stime field 15
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** VmRSS and VmHWM (peak) in KiB, or -1. */
    static long[] memoryKib(String pid) {
        String status = read(Path.of("/proc", pid, "status"));
        long rss = -1;
        long hwm = -1;
        if (status != null) {
            for (String line : status.split("\n")) {
                if (line.startsWith("VmRSS:")) {
                    rss = kib(line);
                } else if (line.startsWith("VmHWM:")) {
                    hwm = kib(line);
                }
            }
        }
        return new long[] {rss, hwm};
    }

    private static long kib(String line) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }

    /** Busy clock ticks of all CPUs (user nice system irq softirq steal), or -1. */
    static long machineBusy() {
        String stat = read(Path.of("/proc/stat"));
        if (stat == null) {
            return -1;
        }
        String[] f = stat.substring(0, stat.indexOf('\n')).trim().split("\\s+");
        return Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6])
                + Long.parseLong(f[7]) + Long.parseLong(f[8]);
    }

    /** Clock ticks the VM's host gave to others while this VM wanted to run (/proc/stat "steal"), or -1. */
    static long steal() {
        String stat = read(Path.of("/proc/stat"));
        if (stat == null) {
            return -1;
        }
        String[] f = stat.substring(0, stat.indexOf('\n')).trim().split("\\s+");
        return f.length > 8 ? Long.parseLong(f[8]) : -1;
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
