// Java workload for javagc and ugc: prints "ready PID"; then for each line on stdin calls
// System.gc() N times (argument, default 5) and prints "done"; exits at EOF.
import java.io.BufferedReader;
import java.io.InputStreamReader;

public class GcLoop {
    static Object keep;

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        System.out.println("ready " + ProcessHandle.current().pid());
        System.out.flush();
        while (in.readLine() != null) {
            collect(n);
            System.out.println("done " + n);
            System.out.flush();
        }
    }

    static void collect(int n) throws Exception {
        for (int i = 0; i < n; i++) {
            // some garbage and some live data, so each collection has work to do
            for (int j = 0; j < 1000; j++)
                keep = new byte[1024];
            System.gc();
            Thread.sleep(50);
        }
    }
}
