/* Unit tests of the Prometheus pieces: --prometheus addresses and label escaping. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "check.h"
#include "tracebox.h"

static int listen_ok(const char *arg, int family, int port)
{
	struct sockaddr_storage ss;
	unsigned int len;

	if (tb_prom_parse_listen(arg, &ss, &len) || ss.ss_family != family)
		return 0;
	return ntohs(family == AF_INET ? ((struct sockaddr_in *)&ss)->sin_port :
		     ((struct sockaddr_in6 *)&ss)->sin6_port) == port;
}

int main(void)
{
	struct sockaddr_storage ss;
	unsigned int len;
	char *out = NULL;
	size_t n = 0;
	FILE *fp;

	CHECK(listen_ok("127.0.0.1:9101", AF_INET, 9101));
	CHECK(listen_ok(":9101", AF_INET, 9101));
	CHECK(listen_ok("*:80", AF_INET, 80));
	CHECK(listen_ok("localhost:65535", AF_INET, 65535));
	CHECK(listen_ok("[::1]:9101", AF_INET6, 9101));
	CHECK(tb_prom_parse_listen("9101", &ss, &len) != 0);
	CHECK(tb_prom_parse_listen("127.0.0.1:0", &ss, &len) != 0);
	CHECK(tb_prom_parse_listen("127.0.0.1:65536", &ss, &len) != 0);
	CHECK(tb_prom_parse_listen("127.0.0.1:12x", &ss, &len) != 0);
	CHECK(tb_prom_parse_listen("host.example:80", &ss, &len) != 0);
	CHECK(tb_prom_parse_listen("[::1:80", &ss, &len) != 0);

	fp = open_memstream(&out, &n);
	tb_prom_label_value(fp, "a\"b\\c\nd");
	tb_prom_header(fp, "m_total", "counter", "Calls");
	fclose(fp);
	CHECK_STR(out, "\"a\\\"b\\\\c\\nd\"# HELP m_total Calls\n# TYPE m_total counter\n");
	free(out);
	return check_result("test_prom");
}
