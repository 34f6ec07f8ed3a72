# Turns one of docs/*.md (man-style Markdown: "# NAME(8)", "## SECTION", paragraphs, "- "
# lists, ``` blocks, | tables |) into a man page, at build time: no pandoc on the build
# machine or the target. Usage: awk -v name=execsnoop-tb -v date=YYYY-MM-DD -f md2man.awk X.md
function esc(s) {
	gsub(/\\/, "\\e", s)
	gsub(/^\./, "\\\\\\&.", s)
	gsub(/^'/, "\\\\\\&'", s)
	return s
}
# inline Markdown: `code` bold, **strong** bold, [text](url) text, \| a pipe
function inl(s,    out, i, c, code) {
	s = esc(s)
	gsub(/\[[^]]*\]\([^)]*\)/, "&", s)
	while (match(s, /\[[^]]*\]\([^)]*\)/)) {
		t = substr(s, RSTART + 1); t = substr(t, 1, index(t, "]") - 1)
		s = substr(s, 1, RSTART - 1) t substr(s, RSTART + RLENGTH)
	}
	gsub(/\*\*/, "`", s)
	out = ""; code = 0
	for (i = 1; i <= length(s); i++) {
		c = substr(s, i, 1)
		if (c == "`") { out = out (code ? "\\fR" : "\\fB"); code = !code }
		else out = out c
	}
	if (code) out = out "\\fR"
	gsub(/\\e\|/, "|", out)
	return out
}
function flush_table(    i, spec) {
	if (!nrows) return
	spec = "lb"
	for (i = 2; i < ncols; i++) spec = spec " l"
	print ".TS"; print "tab(\t);"; print spec (ncols > 1 ? " lx." : ".")
	for (i = 1; i <= nrows; i++) print rows[i]
	print ".TE"
	nrows = 0; ncols = 0
}
BEGIN { fence = 0; nrows = 0; if (date == "") date = "2026" }
fence && /^```/ { print ".fi"; print ".RE"; fence = 0; next }
fence { print esc($0); next }
/^```/ { flush_table(); print ".PP"; print ".RS 4"; print ".nf"; fence = 1; next }
/^# / {
	title = toupper(name)
	printf ".TH \"%s\" 8 \"%s\" \"tracebox\" \"tracebox tools\"\n", title, date
	next
}
/^## / { flush_table(); sec = substr($0, 4); print ".SH \"" toupper(sec) "\""; first = 1; next }
/^\|[-| ]*\|$/ { next }   # a table's rule line
/^\|/ {
	line = $0; gsub(/\\\|/, "\001", line)
	sub(/^\| */, "", line); sub(/ *\|$/, "", line)
	n = split(line, cells, / *\| */)
	if (n > ncols) ncols = n
	row = ""
	for (i = 1; i <= n; i++) {
		gsub(/\001/, "|", cells[i])
		row = row (i > 1 ? "\t" : "") (i == n ? "T{\n" inl(cells[i]) "\nT}" : inl(cells[i]))
	}
	rows[++nrows] = row
	next
}
/^ *$/ { flush_table(); print ".PP"; next }
/^- / { flush_table(); print ".IP \\(bu 2"; print inl(substr($0, 3)); next }
/^  +[^ ]/ && !fence { sub(/^ +/, ""); print inl($0); next }
{ flush_table(); print inl($0) }
END { flush_table(); if (fence) print ".fi" }
