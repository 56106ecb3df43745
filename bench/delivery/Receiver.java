import org.kaphub.support.PartnerSimulator;

import java.util.List;

/**
 * One receiving FHIR partner for bench/delivery/reference.sh: the tests' {@link PartnerSimulator} (HAPI's plain
 * RestfulServer, in-memory, 127.0.0.1) in a JVM of its own. Prints its base URL, then runs until stopped; on SIGTERM
 * prints how many Bundles it took and how many entries they held, so the run shows the deliveries happened.
 */
public class Receiver {
    public static void main(String[] args) throws Exception {
        PartnerSimulator simulator = PartnerSimulator.start(List.of("r1"));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            List<PartnerSimulator.Received> all = simulator.receiver("r1").received();
            long ok = all.stream().filter(r -> r.status() / 100 == 2).count();
            long entries = all.stream().filter(r -> r.bundle() != null).mapToLong(r -> r.bundle().getEntry().size()).sum();
            System.out.println("RECEIVED bundles=" + all.size() + " answered_2xx=" + ok + " entries=" + entries);
            System.out.flush();
        }));
        System.out.println("RECEIVER " + simulator.fhirBase("r1"));
        System.out.flush();
        Thread.currentThread().join();
    }
}
