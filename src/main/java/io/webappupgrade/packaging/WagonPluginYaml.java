package io.webappupgrade.packaging;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The wagon's plugin.yaml, derived from the project's plugin.yaml so that the two declare the same
 * types, operations, inputs, workflows and parameters. It is a line-by-line rewrite rather than a
 * YAML round trip, so plugin.yaml's comments, anchors and key order survive. What changes:
 * <ul>
 *   <li>the comment block above {@code dsl_definitions:} gives way to the wagon's header (its own
 *       comment and the {@code plugins:} entry);</li>
 *   <li>the {@code agent_jar} anchor (the jar beside the blueprint) becomes {@code run_agent}, the
 *       launcher's task, and every {@code implementation: *agent_jar} names it;</li>
 *   <li>an operation's agent operation moves from {@code process}'s {@code args} to the launcher's
 *       {@code agent_operation} input;</li>
 *   <li>a workflow maps to the launcher's function of the same name instead of the script.</li>
 * </ul>
 * A plugin.yaml written in any other shape is refused with the line that does not fit, so a change
 * there cannot produce a wagon that silently differs.
 */
final class WagonPluginYaml {

    static final String RUN_AGENT = "webapp_upgrade.webapp_upgrade_plugin.tasks.run";
    static final String WORKFLOWS = "webapp_upgrade.webapp_upgrade_plugin.workflows.";

    private static final String DSL_DEFINITIONS = "dsl_definitions:";
    private static final Pattern AGENT_JAR = Pattern.compile("( *)agent_jar: &agent_jar \\S+");
    private static final Pattern IMPLEMENTATION = Pattern.compile("( *)implementation: \\*agent_jar");
    private static final Pattern PROCESS_ARGS = Pattern.compile(
            "( *)process: \\{default: \\{command_prefix: \\*agent_command, args: \\[([A-Za-z0-9_.]+)]}}");
    private static final Pattern SCRIPT_MAPPING = Pattern.compile("( *)mapping: webapp-upgrade/webapp_upgrade_workflow\\.py");
    private static final Pattern TOP_LEVEL_KEY = Pattern.compile("([A-Za-z_]+):.*");
    private static final Pattern WORKFLOW_NAME = Pattern.compile(" {2}([A-Za-z0-9_]+):\\s*");

    private WagonPluginYaml() {
    }

    /**
     * @param pluginYaml the project's plugin.yaml
     * @param wagonHeader what the wagon's file starts with (comment and {@code plugins:} entry), in
     *        place of plugin.yaml's comment block above {@code dsl_definitions:}
     * @throws IllegalStateException naming the line when plugin.yaml does not have the expected
     *         shape (no agent_jar anchor, an operation without args, a workflow without the script mapping)
     */
    static String from(String pluginYaml, String wagonHeader) {
        return new Rewrite(pluginYaml.split("\n", -1)).run(wagonHeader);
    }

    /** One pass over plugin.yaml's lines, with what the current line belongs to. */
    private static final class Rewrite {

        private final String[] lines;
        private final List<String> out = new ArrayList<>();
        private String section = "";
        private int anchors;
        /** The line (1-based) of an {@code implementation: *agent_jar} still waiting for its args, or 0. */
        private int openImplementation;
        private int openIndent = -1;
        /** The workflow being read and whether its mapping was seen. */
        private String workflow;
        private int workflowLine;
        private boolean workflowMapped;

        Rewrite(String[] lines) {
            this.lines = lines;
        }

        String run(String wagonHeader) {
            int start = headerEnd();
            for (int i = start; i < lines.length; i++) {
                rewrite(i + 1, lines[i]);
            }
            closeOperation(lines.length);
            closeWorkflow();
            if (anchors != 1) {
                throw new IllegalStateException("plugin.yaml must define the jar once in dsl_definitions as "
                        + "'agent_jar: &agent_jar <path>'; it has " + anchors + " such lines");
            }
            String header = wagonHeader.endsWith("\n") ? wagonHeader : wagonHeader + "\n";
            return header + String.join("\n", out);
        }

        /** The index of the {@code dsl_definitions:} line; everything above it must be comment or blank. */
        private int headerEnd() {
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i];
                if (line.equals(DSL_DEFINITIONS)) {
                    return i;
                }
                if (!line.isBlank() && !line.startsWith("#")) {
                    throw refused(i + 1, line, "only the header comment may come before '" + DSL_DEFINITIONS + "'");
                }
            }
            throw new IllegalStateException("plugin.yaml has no '" + DSL_DEFINITIONS
                    + "' line: the wagon's header replaces the comment above it");
        }

        private void rewrite(int number, String line) {
            Matcher top = TOP_LEVEL_KEY.matcher(line);
            if (top.matches()) {
                closeOperation(number);
                closeWorkflow();
                section = top.group(1);
            }
            if (!line.isBlank() && !line.stripLeading().startsWith("#") && indent(line) < openIndent) {
                closeOperation(number);
            }
            if (section.equals("workflows")) {
                workflowLine(number, line);
            } else {
                operationLine(number, line);
            }
        }

        private void operationLine(int number, String line) {
            Matcher m;
            if ((m = AGENT_JAR.matcher(line)).matches()) {
                if (!section.equals("dsl_definitions")) {
                    throw refused(number, line, "the agent_jar anchor belongs in dsl_definitions");
                }
                anchors++;
                out.add(m.group(1) + "# Every operation runs one agent operation of the jar the plugin carries (agent_operation).");
                out.add(m.group(1) + "run_agent: &run_agent " + RUN_AGENT);
            } else if ((m = IMPLEMENTATION.matcher(line)).matches()) {
                closeOperation(number);
                openImplementation = number;
                openIndent = m.group(1).length();
                out.add(m.group(1) + "implementation: *run_agent");
            } else if ((m = PROCESS_ARGS.matcher(line)).matches()) {
                if (openImplementation == 0) {
                    throw refused(number, line, "process args outside an operation implemented by *agent_jar");
                }
                openImplementation = 0;
                openIndent = -1;
                out.add(m.group(1) + "agent_operation: {default: " + m.group(2) + "}");
                out.add(m.group(1) + "process: {default: {command_prefix: *agent_command}}");
            } else if (line.contains("agent_jar") && !line.stripLeading().startsWith("#")) {
                throw refused(number, line, "agent_jar is used only as 'implementation: *agent_jar'");
            } else if (line.stripLeading().startsWith("process:") || line.contains("args:")) {
                throw refused(number, line, "an operation's process input is written "
                        + "'process: {default: {command_prefix: *agent_command, args: [<agent operation>]}}'");
            } else {
                out.add(line);
            }
        }

        private void workflowLine(int number, String line) {
            Matcher name = WORKFLOW_NAME.matcher(line);
            if (name.matches()) {
                closeWorkflow();
                workflow = name.group(1);
                workflowLine = number;
                workflowMapped = false;
                out.add(line);
                return;
            }
            Matcher m = SCRIPT_MAPPING.matcher(line);
            if (m.matches() && workflow != null && !workflowMapped && m.group(1).length() == 4) {
                workflowMapped = true;
                out.add(m.group(1) + "mapping: " + WORKFLOWS + workflow);
            } else if (line.stripLeading().startsWith("mapping:")) {
                throw refused(number, line, "a workflow maps to webapp-upgrade/webapp_upgrade_workflow.py, once");
            } else {
                out.add(line);
            }
        }

        private void closeOperation(int number) {
            if (openImplementation != 0) {
                throw refused(openImplementation, lines[openImplementation - 1], "the operation has no "
                        + "'process: {default: {command_prefix: *agent_command, args: [<agent operation>]}}' input"
                        + " before line " + number);
            }
            openIndent = -1;
        }

        private void closeWorkflow() {
            if (workflow != null && !workflowMapped) {
                throw refused(workflowLine, lines[workflowLine - 1],
                        "workflow " + workflow + " has no 'mapping: webapp-upgrade/webapp_upgrade_workflow.py'");
            }
            workflow = null;
        }

        private static int indent(String line) {
            return line.length() - line.stripLeading().length();
        }

        private static IllegalStateException refused(int number, String line, String why) {
            return new IllegalStateException("plugin.yaml line " + number + " '" + line.strip()
                    + "' cannot be turned into the wagon's plugin.yaml: " + why);
        }
    }
}
