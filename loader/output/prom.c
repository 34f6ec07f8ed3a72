/* Prometheus' text exposition over a minimal HTTP server (tb_prom.h): one connection at a
 * time, in the tool's own thread, between checks for Ctrl-C. */
#include <arpa/inet.h>
#include <argp.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>
#include "tracebox.h"

struct tb_prometheus tb_prometheus;

enum { OPT_PROMETHEUS = 0x1200 };

static const struct argp_option options[] = {
	{ "prometheus", OPT_PROMETHEUS, "ADDR:PORT", 0, "Serve the counts at http://ADDR:PORT/metrics "
	  "for Prometheus instead of printing them (:PORT: every address)", 0 },
	{ 0 },
};

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	struct sockaddr_storage ss;
	unsigned int len;

	if (key != OPT_PROMETHEUS)
		return ARGP_ERR_UNKNOWN;
	if (tb_prom_parse_listen(arg, &ss, &len))
		tb_argp_fail(state);
	tb_prometheus.listen = arg;
	return 0;
}

const struct argp tb_prometheus_argp = { options, parse_opt, NULL, NULL, NULL, NULL, NULL };
const struct argp_child tb_prometheus_children[] = {
	{ &tb_prometheus_argp, 0, "Fleets:", 0 },
	{ &tb_common_argp, 0, "Common options:", 0 },
	{ 0 },
};

int tb_prom_parse_listen(const char *arg, void *storage, unsigned int *len)
{
	struct sockaddr_in *in = storage;
	struct sockaddr_in6 *in6 = storage;
	const char *colon = strrchr(arg, ':');
	char host[64];
	long port;
	char *end;

	memset(storage, 0, sizeof(struct sockaddr_storage));
	if (!colon || (size_t)(colon - arg) >= sizeof(host))
		goto bad;
	port = strtol(colon + 1, &end, 10);
	if (*end || end == colon + 1 || port < 1 || port > 65535)
		goto bad;
	memcpy(host, arg, colon - arg);
	host[colon - arg] = 0;
	if (host[0] == '[' && host[strlen(host) - 1] == ']') {
		host[strlen(host) - 1] = 0;
		if (inet_pton(AF_INET6, host + 1, &in6->sin6_addr) != 1)
			goto bad;
		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons((uint16_t)port);
		*len = sizeof(*in6);
		return 0;
	}
	in->sin_family = AF_INET;
	in->sin_port = htons((uint16_t)port);
	*len = sizeof(*in);
	if (!host[0] || !strcmp(host, "*"))
		in->sin_addr.s_addr = htonl(INADDR_ANY);
	else if (!strcmp(host, "localhost"))
		in->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	else if (inet_pton(AF_INET, host, &in->sin_addr) != 1)
		goto bad;
	return 0;
bad:
	tb_error("invalid --prometheus '%s': expected ADDR:PORT, e.g. 127.0.0.1:9101, [::1]:9101 "
		 "or :9101", arg);
	return -1;
}

void tb_prom_header(FILE *fp, const char *metric, const char *type, const char *help)
{
	fprintf(fp, "# HELP %s %s\n# TYPE %s %s\n", metric, help, metric, type);
}

void tb_prom_label_value(FILE *fp, const char *v)
{
	fputc('"', fp);
	for (; *v; v++) {
		if (*v == '\\' || *v == '"')
			fputc('\\', fp);
		if (*v == '\n')
			fputs("\\n", fp);
		else
			fputc(*v, fp);
	}
	fputc('"', fp);
}

/* A section's labels, "name=\"value\"," each: from the label's JSON object when it is one
 * (flat: strings and numbers), else the header (spaces as _) with the label's text. */
static void section_labels(FILE *fp, const struct tb_hist_label *l, const char *header)
{
	const char *p = l->json;

	if (*p == '{') {
		while (*p && *p != '}') {
			char key[64], val[128];
			size_t n = 0;

			p = strchr(p, '"');
			if (!p)
				return;
			for (p++; *p && *p != '"' && n < sizeof(key) - 1; p++)
				key[n++] = *p;
			key[n] = 0;
			p = strchr(p, ':');
			if (!p)
				return;
			p++;
			n = 0;
			if (*p == '"') {
				for (p++; *p && *p != '"' && n < sizeof(val) - 1; p++) {
					if (*p == '\\' && p[1])
						p++;
					val[n++] = *p;
				}
				if (*p == '"')
					p++;
			} else {
				for (; *p && *p != ',' && *p != '}' && n < sizeof(val) - 1; p++)
					val[n++] = *p;
			}
			val[n] = 0;
			fprintf(fp, "%s=", key);
			tb_prom_label_value(fp, val);
			fputc(',', fp);
			if (*p == ',')
				p++;
		}
		return;
	}
	for (const char *h = header; *h; h++)
		fputc(*h == ' ' ? '_' : (*h >= 'A' && *h <= 'Z') ? *h - 'A' + 'a' : *h, fp);
	fputc('=', fp);
	tb_prom_label_value(fp, l->text);
	fputc(',', fp);
}

static double unit_seconds(const char *unit)
{
	if (!unit)
		return 1;
	if (!strcmp(unit, "usecs"))
		return 1e-6;
	if (!strcmp(unit, "msecs"))
		return 1e-3;
	if (!strcmp(unit, "nsecs"))
		return 1e-9;
	return 1;
}

int tb_prom_hist(FILE *fp, struct tb_prog *prog, const char *table, const char *metric,
		 const char *help, const struct tb_hist_print_opts *opts)
{
	struct tb_hist_set set = { 0 };
	double scale = unit_seconds(opts->unit);
	int err = tb_hist_read(prog, table, &set, false), top = 0;
	char full_help[512];

	if (err)
		return err;
	snprintf(full_help, sizeof(full_help), "%s (log2 buckets; _sum is estimated from the "
		 "buckets' middles)", help);
	tb_prom_header(fp, metric, "histogram", full_help);
	for (int s = 0; s < set.n; s++)
		for (int i = TB_HIST_LOG2_SLOTS - 1; i > top; i--)
			if (set.hists[s].slots[i]) {
				top = i;
				break;
			}
	for (int s = 0; s < set.n; s++) {
		const struct tb_hist *h = &set.hists[s];
		struct tb_hist_label l = { { 0 } };
		char *labels = NULL;
		size_t len = 0;
		FILE *lf = open_memstream(&labels, &len);
		uint64_t cum = 0;
		double sum = 0;

		if (!lf) {
			err = -ENOMEM;
			break;
		}
		if (set.section_size) {
			if (opts->label)
				opts->label(h->section, set.section_size, &l, opts->label_ctx);
			else
				snprintf(l.text, sizeof(l.text), "%llu", (unsigned long long)
					 (set.section_size >= 8 ? *(const uint64_t *)h->section :
					  *(const uint32_t *)h->section));
			if (!l.json[0])
				snprintf(l.json, sizeof(l.json), "%s", l.text);
			section_labels(lf, &l, opts->section_header ? opts->section_header : "key");
		}
		fclose(lf);
		for (int i = 0; i <= top; i++) {
			/* slot 0 holds 0; slot i the whole values 2^(i-1) to 2^i - 1 */
			double low = i ? (double)(1ull << (i - 1)) : 0, high = i ? 2 * low - 1 : 0;

			cum += h->slots[i];
			fprintf(fp, "%s_bucket{%sle=\"%.9g\"} %llu\n", metric, labels, high * scale,
				(unsigned long long)cum);
			sum += h->slots[i] * (low + high) / 2;
		}
		fprintf(fp, "%s_bucket{%sle=\"+Inf\"} %llu\n", metric, labels,
			(unsigned long long)h->total);
		if (len)
			labels[len - 1] = 0; /* the trailing comma */
		fprintf(fp, "%s_sum%s%s%s %.9g\n", metric, len ? "{" : "", len ? labels : "",
			len ? "}" : "", sum * scale);
		fprintf(fp, "%s_count%s%s%s %llu\n", metric, len ? "{" : "", len ? labels : "",
			len ? "}" : "", (unsigned long long)h->total);
		free(labels);
	}
	tb_hist_set_free(&set);
	return err;
}

static void respond(int fd, const char *status, const char *type, const char *body, size_t len)
{
	char head[256];
	int n = snprintf(head, sizeof(head), "HTTP/1.1 %s\r\nContent-Type: %s\r\nContent-Length: "
			 "%zu\r\nConnection: close\r\n\r\n", status, type, len);

	if (write(fd, head, (size_t)n) == n)
		for (size_t off = 0; off < len;) {
			ssize_t w = write(fd, body + off, len - off);

			if (w <= 0)
				break;
			off += (size_t)w;
		}
}

/* One request: GET /metrics is the metrics, GET / a pointer to them, anything else an error. */
static bool serve_one(int fd, const struct tb_interval_opts *opts)
{
	char req[4096];
	size_t got = 0;
	struct timeval tv = { .tv_sec = 2 };
	bool scraped = false;

	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	while (got < sizeof(req) - 1) {
		ssize_t n = read(fd, req + got, sizeof(req) - 1 - got);

		if (n <= 0)
			break;
		got += (size_t)n;
		req[got] = 0;
		if (strstr(req, "\r\n\r\n") || strstr(req, "\n\n"))
			break;
	}
	req[got] = 0;
	if (strncmp(req, "GET ", 4)) {
		respond(fd, "405 Method Not Allowed", "text/plain", "GET only\n", 9);
	} else if (!strncmp(req + 4, "/metrics ", 9) || !strncmp(req + 4, "/metrics?", 9)) {
		char *body = NULL;
		size_t len = 0;
		FILE *fp = open_memstream(&body, &len);
		int err = fp ? opts->metrics(opts->ctx, fp) : -ENOMEM;

		if (fp)
			fclose(fp);
		if (err)
			respond(fd, "500 Internal Server Error", "text/plain", "cannot read the maps\n", 21);
		else
			respond(fd, "200 OK", "text/plain; version=0.0.4; charset=utf-8", body, len);
		scraped = !err;
		free(body);
	} else if (!strncmp(req + 4, "/ ", 2)) {
		static const char page[] = "tracebox: the metrics are at /metrics\n";

		respond(fd, "200 OK", "text/plain", page, sizeof(page) - 1);
	} else {
		respond(fd, "404 Not Found", "text/plain", "not found: try /metrics\n", 24);
	}
	return scraped;
}

int tb_prom_serve(struct tb_prog *prog, const struct tb_interval_opts *opts)
{
	struct sockaddr_storage ss;
	unsigned int len;
	long scrapes = 0;
	int one = 1, fd;

	if (!opts->metrics) {
		tb_error("failed to serve --prometheus: this tool has no metrics");
		return -1;
	}
	if (tb_prom_parse_listen(tb_prometheus.listen, &ss, &len))
		return -1;
	fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    bind(fd, (struct sockaddr *)&ss, len) || listen(fd, 16)) {
		tb_error("failed to listen on %s: %s (another process on that port?)",
			 tb_prometheus.listen, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	tb_prog_announce(prog);
	printf("Serving metrics at http://%s/metrics for Prometheus... Hit Ctrl-C to end.\n",
	       tb_prometheus.listen);
	fflush(stdout);
	while (!tb_should_stop() && !tb_prog_watched_exited(prog)) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		int c;

		if (poll(&p, 1, 100) <= 0)
			continue;
		c = accept4(fd, NULL, NULL, SOCK_CLOEXEC);
		if (c < 0)
			continue;
		scrapes += serve_one(c, opts);
		close(c);
	}
	close(fd);
	tb_info("served %ld scrapes of /metrics", scrapes);
	return 0;
}
