/* -c COMMAND: a tool starts the command it traces itself, held before exec until the probes
 * are attached, so nothing the command does escapes tracing and its pid is known up front. */
#ifndef TB_COMMAND_H
#define TB_COMMAND_H

#include <stdbool.h>
#include <sys/types.h>

struct tb_command {
	pid_t pid;   /* the command's own pid (no shell in between for plain words), or -1 */
	int gate_fd; /* write end of the pipe it waits on before exec, -1 once released */
};

/* Whether COMMAND has shell syntax (anything beyond words separated by blanks). */
bool tb_command_needs_shell(const char *command);

/* Forks COMMAND and holds it: words separated by blanks are exec'ed directly (the traced pid is
 * the program's), anything with shell syntax goes through /bin/sh -c. 0, or -1 and an error. */
int tb_command_start_held(const char *command, struct tb_command *cmd);

/* Lets the held command exec (call it once attached). */
void tb_command_release(struct tb_command *cmd);

/* At exit: a command still held never runs; one that exited is reaped; one still running is
 * sent SIGTERM when the tool failed, else left alone (said under -v). */
void tb_command_finish(struct tb_command *cmd, bool failed);

#endif
