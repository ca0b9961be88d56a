package dev.locus.sweep.launch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.locus.sweep.RunState;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** squeue and sacct text as Slurm 22.05 prints it (lines copied from the one-node cluster of .ci/run). */
class SlurmQueueTest {

    @Test
    void squeueLinesGiveOurTasksByIndex() {
        String text = """
                1_[2-3%2]|PENDING
                1_0|RUNNING
                1_1|COMPLETING
                7_4|RUNNING
                99|RUNNING
                """;
        Map<Integer, RunState> held = SlurmQueue.parseSqueue(text, Set.of("1"));
        assertEquals(Map.of(0, RunState.RUNNING, 1, RunState.RUNNING, 2, RunState.QUEUED, 3, RunState.QUEUED), held);
        assertEquals(Map.of(4, RunState.RUNNING), SlurmQueue.parseSqueue(text, Set.of("7")));
    }

    @Test
    void endedStatesAreNotHeld() {
        assertEquals(Map.of(), SlurmQueue.parseSqueue("5_0|COMPLETED\n5_1|CANCELLED\n5_2|TIMEOUT\n", Set.of("5")));
    }

    @Test
    void sacctLinesSkipStepsAndKeepStateAndExitCode() {
        Map<String, String[]> jobs = SlurmQueue.parseSacct("""
                12_3|TIMEOUT|0:15
                12_3.batch|CANCELLED|0:15
                12_4|CANCELLED by 0|0:0
                """);
        assertEquals(List.of("12_3", "12_4"), List.copyOf(jobs.keySet()));
        assertArrayEquals(new String[] {"TIMEOUT", "0:15"}, jobs.get("12_3"));
        assertArrayEquals(new String[] {"CANCELLED by 0", "0:0"}, jobs.get("12_4"));
    }

    @Test
    void arraySpecsAreRanges() {
        assertEquals("0-3%2", SlurmQueue.arraySpec(List.of(0, 1, 2, 3), 2));
        assertEquals("5", SlurmQueue.arraySpec(List.of(5), 0));
        assertEquals("1,3-4", SlurmQueue.arraySpec(List.of(4, 3, 1), 0));
    }
}
