package dev.locus.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The README's command line reference and its examples name commands and options that exist: a renamed command or
 * option fails here, not in a newcomer's terminal.
 */
class ReadmeCommandsTest {
    /** A command as the README writes it: "locus info ...", "locus.jar run ...", "bin/Locus info ...". */
    private static final Pattern COMMAND = Pattern.compile("(?:`locus|locus\\.jar|bin/Locus) ([a-z][a-z-]*)([^`|\\n]*)");
    private static final Pattern OPTION = Pattern.compile("(?<![\\w-])(--[a-z][a-z-]*)");

    @Test
    void everyCommandAndOptionInTheReadmeExists() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        CommandLine cli = LocusCli.commandLine();
        Matcher m = COMMAND.matcher(readme);
        List<String> problems = new ArrayList<>();
        int commands = 0;
        while (m.find()) {
            String name = m.group(1);
            CommandLine sub = cli.getSubcommands().get(name);
            if (sub == null) {
                problems.add("no command '" + name + "' (README: " + m.group().strip() + ")");
                continue;
            }
            commands++;
            Matcher o = OPTION.matcher(m.group(2));
            while (o.find()) {
                if (sub.getCommandSpec().findOption(o.group(1)) == null) {
                    problems.add("'" + name + "' has no option " + o.group(1) + " (README: " + m.group().strip() + ")");
                }
            }
        }
        assertEquals(List.of(), problems);
        assertTrue(commands >= 15, "the reference and the examples were found: " + commands);
        for (String name : List.of("info", "logits", "evaluate", "localize", "circuit", "run", "sweep", "train-demo", "bench", "plan",
                "make-checkpoint", "status", "resume", "cancel")) {
            assertTrue(readme.contains("| `locus " + name), "the reference lists " + name);
        }
        // hidden: the commands launchers start (sweep-task, sweep-supervise), not typed by people
        assertEquals(cli.getSubcommands().entrySet().stream().filter(e -> !e.getKey().equals("help")
                        && !e.getValue().getCommandSpec().usageMessage().hidden()).map(java.util.Map.Entry::getKey)
                        .sorted().toList(),
                List.of("bench", "cancel", "circuit", "evaluate", "info", "localize", "logits", "make-checkpoint", "plan", "resume",
                        "run", "status", "sweep", "train-demo"),
                "every command is in the reference");
    }
}
