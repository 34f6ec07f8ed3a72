/* -c COMMAND for every tool that has it (tbrun, memleak): start held, release, finish. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tb_command.h"
#include "tb_log.h"

bool tb_command_needs_shell(const char *command)
{
	return command[strcspn(command, "|&;<>()$`\\\"'*?[]#~=%{}!\n")] != 0;
}

/* In the child: runs the command as the traced process itself; returns only on failure. */
static void exec_command(const char *command)
{
	char *copy, *argv[256], *save = NULL;
	int argc = 0;

	if (tb_command_needs_shell(command) || !(copy = strdup(command))) {
		execl("/bin/sh", "sh", "-c", command, (char *)NULL);
		return;
	}
	for (char *w = strtok_r(copy, " \t", &save); w && argc < 255; w = strtok_r(NULL, " \t", &save))
		argv[argc++] = w;
	argv[argc] = NULL;
	if (argc)
		execvp(argv[0], argv);
}

int tb_command_start_held(const char *command, struct tb_command *cmd)
{
	int gate[2];

	cmd->pid = -1;
	cmd->gate_fd = -1;
	if (!command[strspn(command, " \t")]) {
		tb_error("invalid command '%s': expected a command line", command);
		return -1;
	}
	if (pipe(gate)) {
		tb_error("failed to create a pipe for '%s': %s", command, strerror(errno));
		return -1;
	}
	cmd->pid = fork();
	if (cmd->pid < 0) {
		tb_error("failed to start '%s': %s", command, strerror(errno));
		close(gate[0]);
		close(gate[1]);
		return -1;
	}
	if (cmd->pid == 0) {
		char c;

		close(gate[1]);
		if (read(gate[0], &c, 1) != 1)
			_exit(127); /* the tool gave up before attaching */
		close(gate[0]);
		exec_command(command);
		fprintf(stderr, "%s: failed to run '%s': %s\n", tb_log_tool(), command, strerror(errno));
		_exit(127);
	}
	close(gate[0]);
	cmd->gate_fd = gate[1];
	return 0;
}

void tb_command_release(struct tb_command *cmd)
{
	if (cmd->gate_fd < 0)
		return;
	if (write(cmd->gate_fd, "g", 1) != 1)
		tb_warn("failed to release command %d: %s", (int)cmd->pid, strerror(errno));
	close(cmd->gate_fd);
	cmd->gate_fd = -1;
}

void tb_command_finish(struct tb_command *cmd, bool failed)
{
	if (cmd->pid <= 0)
		return;
	if (cmd->gate_fd >= 0) { /* never released: it reads EOF and exits without running */
		close(cmd->gate_fd);
		cmd->gate_fd = -1;
		waitpid(cmd->pid, NULL, 0);
	} else if (waitpid(cmd->pid, NULL, WNOHANG) == 0) {
		if (failed)
			kill(cmd->pid, SIGTERM);
		else
			tb_info("command %d still running: left alone", (int)cmd->pid);
	}
	cmd->pid = -1;
}
