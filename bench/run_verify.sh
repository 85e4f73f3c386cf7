#!/usr/bin/env bash
# Measures `tenantguard verify` on synthetic clusters (bench/synth.py) of growing size, with and
# without the what-if analysis, and writes the table into docs/PERFORMANCE.md (section "verify").
#
#   bench/run_verify.sh [TENANTS...]      default sizes: 10 30 100 (× 10 workloads each)
set -euo pipefail
cd "$(dirname "$0")/.."
tg=./build/tenantguard
sizes=("${@:-10 30 100}")
[ $# -eq 0 ] && sizes=(10 30 100)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

measure() {  # prints "seconds maxrss_mb" for one command
  /usr/bin/time -f "%e %M" -o "$work/t" "$@" > /dev/null 2>&1 || true
  awk '{printf "%.2f %.0f\n", $1, $2/1024}' "$work/t"
}

rows=""
printf '%-10s %-10s %-8s %-12s %-10s %-14s %-10s\n' tenants workloads format "verify s" "RSS MB" "no what-if s" "RSS MB"
for t in "${sizes[@]}"; do
  for fmt in yaml json; do
    dir="$work/c$t-$fmt"
    python3 bench/synth.py --tenants "$t" --workloads 10 --out "$dir" --format "$fmt"
    input="$dir/cluster.$fmt"
    read -r s1 m1 < <(measure "$tg" verify "$input" --spec "$dir/tenantguard.yaml" --fail-on none)
    read -r s2 m2 < <(measure "$tg" verify "$input" --spec "$dir/tenantguard.yaml" --fail-on none --no-what-if)
    printf '%-10s %-10s %-8s %-12s %-10s %-14s %-10s\n' "$t" $((t * 10)) "$fmt" "$s1" "$m1" "$s2" "$m2"
    rows+="| $t | $((t * 10)) | $fmt | $s1 | $m1 | $s2 | $m2 |"$'\n'
  done
done

section="<!-- verify:begin -->
## verify

Measured by \`bench/run_verify.sh\` on $(date -u +%Y-%m-%d), $(nproc) cores, in one run. Synthetic clusters
from \`bench/synth.py\` (N tenants × 10 workloads, full policy set per tenant: default-deny, DNS,
same-namespace, an allow to a shared service, an AdminNetworkPolicy floor, STRICT mTLS, an ALLOW for the
own namespace, quota and limits).

| tenants | workloads | input | verify (s) | peak RSS (MB) | verify --no-what-if (s) | peak RSS (MB) |
|---|---|---|---|---|---|---|
${rows}
<!-- verify:end -->"

python3 bench/write_section.py docs/PERFORMANCE.md verify "$section"
