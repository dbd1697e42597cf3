package fleet.systemd;

/**
 * How a systemd job ended, from the JobRemoved signal: {@code result} is systemd's word for it
 * ("done", "canceled", "timeout", "failed", "dependency" or "skipped").
 */
public record JobResult(String unitName, String jobPath, String result) {
    public boolean succeeded() {
        return "done".equals(result);
    }
}
