package io.carillon.media.srtp;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Random;

/**
 * Not a test: the CPU cost of an AES-CM SRTP protect when many sessions take turns, as on a media loop. Each round
 * protects one 72-byte RTP packet per session, sessions in turn, so with enough sessions every packet finds its
 * session's state out of the caches (the footprint case), and optionally walks a private array between packets (the
 * codec's allocations do the same to the caches in media-service). Prints thread CPU per protect, and the time inside
 * the protect calls alone (the walk left out), per round. Run:
 * {@code java -cp services/media-transport/target/test-classes:services/media-transport/target/classes
 * io.carillon.media.srtp.SrtpFootprintProbe [sessions] [sweep bytes]}, e.g. 1 0 (warm), 5000 0 (footprint),
 * 500 524288 (sweep).
 */
public final class SrtpFootprintProbe {
    private static final int PAYLOAD = 60;
    private static final int ROUNDS = 8;

    public static void main(String[] args) {
        int sessions = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        int sweep = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        AesCmTransform[] transforms = new AesCmTransform[sessions];
        Random random = new Random(1);
        for (int i = 0; i < sessions; i++) {
            byte[] key = new byte[16];
            byte[] salt = new byte[14];
            random.nextBytes(key);
            random.nextBytes(salt);
            transforms[i] = AesCmTransform.fromMaster(key, salt);
        }
        byte[] packet = new byte[1500];
        byte[] walk = new byte[Math.max(1, sweep)];
        int perRound = (sweep > 0 ? 100_000 : 2_000_000) / sessions * sessions;
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        int seq = 0;
        for (int round = 0; round < ROUNDS; round++) {
            long cpuStart = mx.getCurrentThreadCpuTime();
            long inside = 0;
            for (int done = 0; done < perRound; seq++) {
                for (int i = 0; i < sessions; i++, done++) {
                    packet[0] = (byte) 0x80;
                    packet[1] = 111;
                    packet[2] = (byte) (seq >>> 8);
                    packet[3] = (byte) seq;
                    packet[8] = (byte) i;
                    long t0 = System.nanoTime();
                    transforms[i].protectRtp(packet, 0, 12 + PAYLOAD);
                    inside += System.nanoTime() - t0;
                    for (int j = 0; j < sweep; j += 64) {
                        walk[j]++;
                    }
                }
            }
            long cpu = mx.getCurrentThreadCpuTime() - cpuStart;
            System.out.printf("round %d: %d sessions, sweep %d B: %.0f ns CPU per protect (walk included), %.0f ns inside"
                    + " protect%n", round, sessions, sweep, cpu / (double) perRound, inside / (double) perRound);
        }
    }
}
