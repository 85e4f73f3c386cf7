#!/usr/bin/env bash
# Times `tenantguard audit` on a synthetic Istio JSON access log (bench/audit/synth_logs.py) against
# the jq pipeline that groups the 403s by source and destination, in the same run, and writes the
# table into docs/PERFORMANCE.md (section "audit").
#
#   bench/audit/run.sh [SIZE_MB]      default 1024 (the issue's 1 GB)
set -euo pipefail
cd "$(dirname "$0")/../.."
tg=./build/tenantguard
size=${1:-1024}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pin=""
command -v taskset > /dev/null && pin="taskset -c 0"  # one core

python3 bench/audit/synth_logs.py --size-mb "$size" --out "$work" > /dev/null
log="$work/access.jsonl"
bytes=$(stat -c %s "$log")
lines=$(wc -l < "$log")

# Prints "wall_seconds cpu_seconds maxrss_mb" for one command (its exit status is ignored). The
# machine may be shared: CPU time (user + system, children included) is what one core spent.
measure() {
  /usr/bin/time -f "%e %U %S %M" -o "$work/t" "$@" > "$work/out" 2> /dev/null || true
  tail -n 1 "$work/t" | awk '{printf "%.2f %.2f %.0f\n", $1, $2 + $3, $4/1024}'  # time -o starts with a line about a non-zero exit
}
median() { sort -n | sed -n 2p; }

cat "$log" > /dev/null  # the page cache holds the log for every run alike
runs=() cpus=()
rss=0
for i in 1 2 3; do
  read -r s c m < <(measure $pin "$tg" audit "$work/cluster.yaml" --spec "$work/tenantguard.yaml" --logs "$log")
  runs+=("$s")
  cpus+=("$c")
  rss=$((m > rss ? m : rss))
done
cp "$work/out" "$work/audit.txt"
t_audit=$(printf '%s\n' "${runs[@]}" | median)
c_audit=$(printf '%s\n' "${cpus[@]}" | median)
gzip -1 -c "$log" > "$log.gz"
read -r t_gz c_gz m_gz < <(measure $pin "$tg" audit "$work/cluster.yaml" --spec "$work/tenantguard.yaml" --logs "$log.gz")
read -r t_jq c_jq m_jq < <(measure $pin sh -c "jq -r 'select(.response_code == 403)
  | \"\(.downstream_remote_address | split(\":\")[0]) \(.downstream_local_address | split(\":\")[0])\"' '$log' | sort | uniq -c")

mbps() { awk -v b="$bytes" -v s="$1" 'BEGIN { printf "%.0f", b / 1048576 / s }'; }
lps() { awk -v n="$lines" -v s="$1" 'BEGIN { printf "%.2f", n / s / 1e6 }'; }
ratio=$(awk -v a="$t_audit" -v j="$t_jq" 'BEGIN { printf "%.0f", j / a }')
cpu_ratio=$(awk -v a="$c_audit" -v j="$c_jq" 'BEGIN { printf "%.0f", j / a }')
groups=$(grep -c "^  .* => " "$work/audit.txt" || true)

table="| command | wall (s) | MB/s | M lines/s | CPU (s) | MB/s per CPU s | peak RSS (MB) |
|---|---:|---:|---:|---:|---:|---:|
| \`tenantguard audit\` (median of 3; wall ${runs[*]}, CPU ${cpus[*]}) | $t_audit | $(mbps "$t_audit") | $(lps "$t_audit") | $c_audit | $(mbps "$c_audit") | $rss |
| \`tenantguard audit\` on the gzip -1 file | $t_gz | $(mbps "$t_gz") | $(lps "$t_gz") | $c_gz | $(mbps "$c_gz") | $m_gz |
| \`jq … \| sort \| uniq -c\` (403s by source and destination IP) | $t_jq | $(mbps "$t_jq") | $(lps "$t_jq") | $c_jq | $(mbps "$c_jq") | $m_jq |"
echo "$table"
echo "audit is ${ratio}x faster than jq in wall time, ${cpu_ratio}x in CPU time; $groups groups and alerts listed"

section="<!-- audit:begin (written by bench/audit/run.sh; edit the script, not this section) -->
## audit

\`bash bench/audit/run.sh $size\` on $(date -u +%Y-%m-%d), pinned to one core ($(nproc) CPUs, load average
before the runs: $(cut -d' ' -f1-3 /proc/loadavg); the machine is shared, so these are one run's numbers).
The log: $((bytes >> 20)) MB, $lines lines of Istio JSON from \`bench/audit/synth_logs.py\` (50 tenants ×
8 workloads; ~1% cross-tenant denials, 0.05% refused connections, a few cross-tenant successes; 30%
of in-tenant requests logged on both sides), read from the page cache. MB/s counts uncompressed bytes.

$table

\`audit\` is **${ratio}×** faster than the jq pipeline in wall time and **${cpu_ratio}×** in CPU time; the
pipeline only counts 403s by address pair (no tenants, no policy, no alerts). Wall time depends on
what else the machine runs; CPU time (user + system) is what the one core spent. Targets: ≥ 300 MB/s on one core, ≥ 20× jq, peak RSS < 200 MB.
<!-- audit:end -->"
python3 bench/write_section.py docs/PERFORMANCE.md audit "$section"
