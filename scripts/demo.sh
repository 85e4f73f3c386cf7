#!/usr/bin/env bash
# `make demo`: tenantguard on the reference article's cluster (examples/article), mistakes and all.
set -uo pipefail
cd "$(dirname "$0")/.."
tg=./build/tenantguard

echo "\$ tenantguard verify examples/article --spec examples/article/tenantguard.yaml"
$tg verify examples/article --spec examples/article/tenantguard.yaml
status=$?
echo "(exit code $status: 0 clean, 1 findings at --fail-on level, 2 input error)"
echo
echo "\$ tenantguard eval examples/article --src tenant-beta/api-service --dst tenant-alpha/api-gateway --port 8080 --method GET --path /api/v1/orders/7"
$tg eval examples/article --src tenant-beta/api-service --dst tenant-alpha/api-gateway --port 8080 --method GET --path /api/v1/orders/7
if [ -d examples/article-fixed ]; then
  echo
  echo "\$ tenantguard verify examples/article-fixed --spec examples/article-fixed/tenantguard.yaml"
  $tg verify examples/article-fixed --spec examples/article-fixed/tenantguard.yaml
  echo "(exit code $?)"
fi
exit 0
