#!/bin/sh
# Writes the table of BCC's options that tests/integration/bcc_options.sh holds tracebox's
# tools against: for each of our tools with a BCC namesake, every option its `-h` lists and
# whether it takes an argument. Run where Debian's bpfcc-tools is installed:
#   sh scripts/bcc-options.sh > tests/data/bcc-options.txt
# BCC's tools parse with argparse; those with no options (bitesize, syncsnoop...) do not parse
# -h at all and are listed with "-" alone.
set -u
cd "$(dirname "$0")/.."
tools=$(sed -n '/^set(TB_TOOLS/,/^)/p' CMakeLists.txt | grep -v '[()]' | tr -d ' ')
echo "# BCC's options per tool: TOOL OPTION none|required|optional (its argument)."
echo "# From $(dpkg-query -W -f='${Package} ${Version}' bpfcc-tools), \`TOOL-bpfcc -h\`; made by scripts/bcc-options.sh."
for t in $tools killsnoop; do
	bcc=/usr/sbin/$t-bpfcc
	[ -x "$bcc" ] || continue
	help=$(timeout 30 "$bcc" -h 2>/dev/null)
	if ! echo "$help" | grep -q '^usage:'; then
		echo "$t -"
		continue
	fi
	# argparse's option lines: "  -p PID, --pid PID   text"; [X] is an optional argument
	echo "$help" | awk -v tool="$t" '
		/^(options|optional arguments):$/ { on = 1; next }
		/^[a-z].*:$/ { on = 0 }
		on && /^  -/ {
			line = substr($0, 3); n = index(line, "  "); if (n) line = substr(line, 1, n - 1)
			m = split(line, parts, ", ")
			for (i = 1; i <= m; i++) {
				split(parts[i], w, " ")
				if (w[1] == "-h" || w[1] == "--help") continue
				kind = w[2] == "" ? "none" : (w[2] ~ /^\[/ ? "optional" : "required")
				print tool, w[1], kind
			}
		}'
done
