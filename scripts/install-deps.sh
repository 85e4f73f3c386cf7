#!/usr/bin/env bash
# Installs the Debian packages tenantguard needs to build and test. Idempotent: it asks apt only
# for what is missing, so a machine that has everything makes no network call.
set -euo pipefail

packages=(
  cmake ninja-build g++ clang make pkg-config ccache
  libyaml-dev libsimdjson-dev nlohmann-json3-dev libcli11-dev libfmt-dev
  libgtest-dev libgmock-dev libbenchmark-dev zlib1g-dev libclang-rt-14-dev
  chromium fonts-dejavu-core  # headless browser test of the HTML report (tests/report/html_chromium_test.cc)
  protobuf-compiler protobuf-compiler-grpc libprotobuf-dev libgrpc++-dev libcpp-httplib-dev libssl-dev wrk
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
