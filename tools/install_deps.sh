#!/usr/bin/env bash
# Installs the Debian packages cxsim builds with, only those missing. Idempotent: with everything
# present it changes nothing. Without root or password-less sudo it prints the apt-get line to run
# and fails, so that nothing half-configured follows.
set -euo pipefail

packages=(
  cmake make g++ pkg-config clang-format
  libeigen3-dev libboost-random-dev libtbb-dev libyaml-cpp-dev librandom123-dev
  libcli11-dev nlohmann-json3-dev libssl-dev libgtest-dev libgmock-dev libbenchmark-dev
  libceres-dev
  python3 python3-numpy python3-yaml pybind11-dev python3-dev python3-pandas python3-matplotlib
  python3-pytest python3-nbclient python3-nbformat python3-ipykernel
)

missing=()
for package in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$package")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

install_line="apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
if [[ $(id -u) -eq 0 ]]; then
  sudo=()
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  sudo=(sudo)
else
  echo "cxsim needs these Debian packages: ${missing[*]}" >&2
  echo "Run as root, then run make again:" >&2
  echo "  $install_line" >&2
  exit 1
fi
echo "Installing missing packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
