/* Unit tests of -c COMMAND (loader/cli/command.c): shell detection, and a held command really
 * waits for its release (or never runs when the tool gives up). No root needed. */
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "check.h"
#include "tracebox.h"

static bool exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

static void test_needs_shell(void)
{
	CHECK(!tb_command_needs_shell("/bin/echo hi there"));
	CHECK(!tb_command_needs_shell("./app --flag 3"));
	CHECK(tb_command_needs_shell("ls | wc"));
	CHECK(tb_command_needs_shell("echo $HOME"));
	CHECK(tb_command_needs_shell("A=1 prog"));
	CHECK(tb_command_needs_shell("prog > out"));
}

/* touch FILE held: nothing before the release, the file after; the pid is touch's own */
static void test_held_then_released(const char *dir)
{
	char path[256], command[320], exe[64], target[256] = "";
	struct tb_command cmd;
	int status = -1;
	ssize_t n;

	snprintf(path, sizeof(path), "%s/released", dir);
	snprintf(command, sizeof(command), "touch %s", path);
	CHECK(tb_command_start_held(command, &cmd) == 0);
	CHECK(cmd.pid > 0 && cmd.gate_fd >= 0);
	usleep(100 * 1000);
	CHECK(!exists(path)); /* held: has not run */
	/* still our fork, not yet touch: the exec comes after the release */
	snprintf(exe, sizeof(exe), "/proc/%d/exe", (int)cmd.pid);
	n = readlink(exe, target, sizeof(target) - 1);
	CHECK(n > 0 && !strstr(target, "touch"));
	tb_command_release(&cmd);
	CHECK(cmd.gate_fd == -1);
	CHECK(waitpid(cmd.pid, &status, 0) == cmd.pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	CHECK(exists(path));
	tb_command_finish(&cmd, false); /* already reaped: nothing to do */
}

/* a tool that fails before attaching: the held command never runs */
static void test_abandoned(const char *dir)
{
	char path[256], command[320];
	struct tb_command cmd;

	snprintf(path, sizeof(path), "%s/abandoned", dir);
	snprintf(command, sizeof(command), "touch %s", path);
	CHECK(tb_command_start_held(command, &cmd) == 0);
	tb_command_finish(&cmd, true);
	CHECK(cmd.pid == -1 && cmd.gate_fd == -1);
	usleep(100 * 1000);
	CHECK(!exists(path));
}

/* shell syntax goes through sh -c */
static void test_shell(const char *dir)
{
	char path[256], command[320];
	struct tb_command cmd;
	int status = -1;

	snprintf(path, sizeof(path), "%s/shell", dir);
	snprintf(command, sizeof(command), "echo hi > %s", path);
	CHECK(tb_command_start_held(command, &cmd) == 0);
	tb_command_release(&cmd);
	CHECK(waitpid(cmd.pid, &status, 0) == cmd.pid && WIFEXITED(status) && !WEXITSTATUS(status));
	CHECK(exists(path));
}

int main(void)
{
	char dir[] = "/tmp/tb-command-XXXXXX";
	struct tb_command cmd;

	CHECK(mkdtemp(dir) != NULL);
	test_needs_shell();
	test_held_then_released(dir);
	test_abandoned(dir);
	test_shell(dir);
	CHECK(tb_command_start_held("  ", &cmd) == -1); /* one error line, nothing started */
	for (const char *f = "released\0abandoned\0shell\0"; *f; f += strlen(f) + 1) {
		char path[256];

		snprintf(path, sizeof(path), "%s/%s", dir, f);
		unlink(path);
	}
	rmdir(dir);
	return check_result("test_command");
}
